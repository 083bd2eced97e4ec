import { describe, expect, it } from 'vitest';
import { retrySchema } from '../config/delivery-config.js';
import { createRandom } from '../core/random.js';
import { nextAttemptDelay, parseRetryAfter, retryDelays } from './retry-policy.js';

const random = () => createRandom(7);
const policy = (input: unknown) => retrySchema.parse(input);

describe('nextAttemptDelay', () => {
  it('walks the schedule, then gives up', () => {
    const p = policy({ schedule: [100, 250, 900] });
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(n, p, random()))).toEqual([100, 250, 900, null]);
  });

  it('gives up at once with an empty schedule', () => {
    expect(nextAttemptDelay(1, policy({ schedule: [] }), random())).toBeNull();
  });

  it('defaults to 1 s, 2 s, 4 s: four attempts within seven seconds', () => {
    expect(retryDelays(policy({}))).toEqual([1000, 2000, 4000]);
  });

  it('expands the exponential form, capped at maxDelayMs, up to maxAttempts', () => {
    const p = policy({ exponential: { initialMs: 500, factor: 2, maxDelayMs: 3000, maxAttempts: 5 } });
    expect([1, 2, 3, 4, 5].map((n) => nextAttemptDelay(n, p, random()))).toEqual([500, 1000, 2000, 3000, null]);
    expect(retryDelays(p)).toEqual([500, 1000, 2000, 3000]);
  });

  it('jitters exponential delays within +-jitter, reproducibly for a seed', () => {
    const p = policy({ exponential: { initialMs: 1000, factor: 1, maxAttempts: 10, jitter: 0.2 } });
    const draws = Array.from({ length: 1000 }, (_, i) => nextAttemptDelay(1, p, createRandom(i))!);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1200);
    expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(300);
    expect(nextAttemptDelay(1, p, createRandom(3))).toBe(nextAttemptDelay(1, p, createRandom(3)));
  });

  it('waits as long as Retry-After asks on 429 and 503, capped, without adding retries', () => {
    const p = policy({ schedule: [100], maxRetryAfterMs: 5000 });
    expect(nextAttemptDelay(1, p, random(), { status: 503, retryAfterMs: 2000 })).toBe(2000);
    expect(nextAttemptDelay(1, p, random(), { status: 429, retryAfterMs: 90_000 })).toBe(5000);
    expect(nextAttemptDelay(1, p, random(), { status: 500, retryAfterMs: 2000 })).toBe(100);
    expect(nextAttemptDelay(2, p, random(), { status: 503, retryAfterMs: 2000 })).toBeNull();
  });

  it('ignores Retry-After when honorRetryAfter is off', () => {
    const p = policy({ schedule: [100], honorRetryAfter: false });
    expect(nextAttemptDelay(1, p, random(), { status: 503, retryAfterMs: 2000 })).toBe(100);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
