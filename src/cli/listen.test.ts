import { describe, expect, it } from 'vitest';
import { formatAttempt, type AttemptLine } from './listen.js';

const line: AttemptLine = {
  time: '2026-01-05T09:00:01.204Z',
  deliveryId: 'dlv_1',
  eventId: 'evt_1',
  type: 'customer_created',
  hookUrl: 'http://127.0.0.1:3000/hooks',
  attempt: 2,
  outcome: 'http_error',
  status: 503,
  durationMs: 12,
  fault: 'slowBody',
};

describe('listen lines', () => {
  it('are plain text off a terminal', () => {
    expect(formatAttempt(line, false)).toBe('2026-01-05T09:00:01.204Z  dlv_1    customer_created -> http://127.0.0.1:3000/hooks  #2  http_error 503  12 ms [slowBody]');
  });

  it('colour the outcome on a terminal: red for a failure, green for success', () => {
    expect(formatAttempt(line, true)).toContain('\u001b[31mhttp_error 503\u001b[0m');
    expect(formatAttempt({ ...line, outcome: 'success', status: 200 }, true)).toContain('\u001b[32msuccess 200\u001b[0m');
  });
});
