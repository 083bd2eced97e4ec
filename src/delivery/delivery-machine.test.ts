import { describe, expect, it } from 'vitest';
import { retrySchema } from '../config/delivery-config.js';
import { createRandom } from '../core/random.js';
import { afterAttempt, attemptOutcome, enforceDeadline, type DecisionContext } from './delivery-machine.js';

const ctx = (over: Partial<DecisionContext> = {}): DecisionContext => ({
  attempt: 1,
  plan: { fault: null, source: null, holdMs: 0 },
  successStatus: '2xx',
  retry: retrySchema.parse({ schedule: [100, 200] }),
  random: createRandom(1),
  nowMs: 0,
  ...over,
});
const response = (status: number, retryAfter?: string) => ({
  kind: 'response' as const,
  status,
  durationMs: 3,
  responseBody: '',
  ...(retryAfter ? { retryAfter } : {}),
});

describe('afterAttempt', () => {
  it('settles delivered on a 2xx, or only on 200 when successStatus is 200', () => {
    expect(afterAttempt(response(204), ctx())).toEqual({ next: 'settle', state: 'delivered', unsubscribe: false });
    expect(afterAttempt(response(204), ctx({ successStatus: '200' }))).toEqual({ next: 'retry', delayMs: 100 });
    expect(attemptOutcome(response(204), '200')).toBe('http_error');
  });

  it('retries failures on the schedule and fails when it runs out', () => {
    expect(afterAttempt({ kind: 'timeout', durationMs: 5 }, ctx({ attempt: 2 }))).toEqual({ next: 'retry', delayMs: 200 });
    expect(afterAttempt(response(500), ctx({ attempt: 3 }))).toEqual({ next: 'settle', state: 'failed', unsubscribe: false });
  });

  it('honours Retry-After on a 503', () => {
    expect(afterAttempt(response(503, '2'), ctx())).toEqual({ next: 'retry', delayMs: 2000 });
  });

  it('fails and unsubscribes on 410 only when unsubscribeOnGone is on', () => {
    const on = ctx({ retry: retrySchema.parse({ schedule: [100], unsubscribeOnGone: true }) });
    expect(afterAttempt(response(410), on)).toEqual({ next: 'settle', state: 'failed', unsubscribe: true });
    expect(afterAttempt(response(410), ctx())).toEqual({ next: 'retry', delayMs: 100 });
  });

  it('ends a randomly dropped delivery at once, but retries after a scripted drop', () => {
    const random = ctx({ plan: { fault: 'drop', source: 'random', holdMs: 0 } });
    expect(afterAttempt({ kind: 'dropped' }, random)).toEqual({ next: 'settle', state: 'dropped', unsubscribe: false });
    const scripted = ctx({ plan: { fault: 'drop', source: 'scripted', holdMs: 0 } });
    expect(afterAttempt({ kind: 'dropped' }, scripted)).toEqual({ next: 'retry', delayMs: 100 });
    expect(afterAttempt({ kind: 'dropped' }, { ...scripted, attempt: 3 })).toEqual({ next: 'settle', state: 'dropped', unsubscribe: false });
  });

  it('names every transport result', () => {
    expect(attemptOutcome({ kind: 'network', failure: 'connection_refused', error: 'x', durationMs: 1 }, '2xx')).toBe('connection_refused');
    expect(attemptOutcome({ kind: 'aborted', durationMs: 1 }, '2xx')).toBe('injected_abort');
    expect(attemptOutcome({ kind: 'cancelled', durationMs: 1 }, '2xx')).toBe('cancelled');
  });
});

describe('enforceDeadline', () => {
  it('turns an answer measured past timeoutMs into a timeout, and keeps one on time', () => {
    const ok = { kind: 'response', status: 200, durationMs: 10, responseBody: '' } as const;
    expect(enforceDeadline(ok, 5000, 5000)).toBe(ok);
    expect(enforceDeadline(ok, 5001, 5000)).toEqual({ kind: 'timeout', durationMs: 5001 });
    expect(enforceDeadline({ ...ok, status: 500 }, 6000, 5000)).toEqual({ kind: 'timeout', durationMs: 6000 });
  });

  it('keeps network failures, aborts and cancellations as they are, however long they took', () => {
    const refused = { kind: 'network', failure: 'connection_refused', error: 'refused', durationMs: 1 } as const;
    expect(enforceDeadline(refused, 9000, 5000)).toBe(refused);
    expect(enforceDeadline({ kind: 'aborted', durationMs: 1 }, 9000, 5000)).toEqual({ kind: 'aborted', durationMs: 1 });
    expect(enforceDeadline({ kind: 'cancelled', durationMs: 1 }, 9000, 5000)).toEqual({ kind: 'cancelled', durationMs: 1 });
  });
});
