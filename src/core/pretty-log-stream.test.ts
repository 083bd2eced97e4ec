import { describe, expect, it } from 'vitest';
import { formatLogLine } from './pretty-log-stream.js';

describe('formatLogLine', () => {
  it('prints time, level, message and the other fields on one line', () => {
    const line = JSON.stringify({ level: 30, time: '2026-11-27T10:02:03.123Z', name: 'solarproof-mock', msg: 'request', method: 'POST', status: 200, ms: 1.2, seed: { a: 1 } });
    expect(formatLogLine(line)).toBe('10:02:03.123 INFO  request method=POST status=200 ms=1.2 seed={"a":1}');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('not json')).toBe('not json');
  });
});
