import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { createTimeline, exponentialGap } from './schedule-timeline.js';

const START = Date.parse('2026-01-05T09:00:00.000Z');

function take(next: () => number | undefined, max = 1000): number[] {
  const out: number[] = [];
  for (let t = next(); t !== undefined && out.length < max; t = next()) out.push(t);
  return out;
}

describe('createTimeline', () => {
  it('puts everyMs targets at start + n * period and stops after count', () => {
    const next = createTimeline({ type: 'customer_created', everyMs: 250, count: 4 }, START, createRandom(1));
    expect(take(next).map((t) => t - START)).toEqual([250, 500, 750, 1000]);
  });

  it('stops at until, given as a duration from the start', () => {
    const next = createTimeline({ type: 'customer_created', everyMs: 1000, until: '3.5s' }, START, createRandom(1));
    expect(take(next).map((t) => t - START)).toEqual([1000, 2000, 3000]);
  });

  it('stops at until, given as an ISO time', () => {
    const next = createTimeline({ type: 'customer_created', everyMs: 60_000, until: '2026-01-05T09:03:00Z' }, START, createRandom(1));
    expect(take(next)).toHaveLength(3);
  });

  it('follows a 6-field cron expression in UTC', () => {
    const next = createTimeline({ type: 'customer_created', cron: '*/15 * * * * *', count: 5 }, START + 1, createRandom(1));
    expect(take(next).map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-05T09:00:15.000Z',
      '2026-01-05T09:00:30.000Z',
      '2026-01-05T09:00:45.000Z',
      '2026-01-05T09:01:00.000Z',
      '2026-01-05T09:01:15.000Z',
    ]);
  });

  it('reads a 5-field cron expression as minutes', () => {
    const next = createTimeline({ type: 'customer_created', cron: '0 10 * * *', count: 2 }, START, createRandom(1));
    expect(take(next).map((t) => new Date(t).toISOString())).toEqual(['2026-01-05T10:00:00.000Z', '2026-01-06T10:00:00.000Z']);
  });

  it('gives Poisson arrivals at the asked rate (seeded, 5000 gaps)', () => {
    const seed = 20260105;
    const next = createTimeline({ type: 'customer_created', ratePerMinute: 600, count: 5000 }, START, createRandom(seed));
    const times = take(next, 5000);
    const gaps = times.map((t, i) => t - (i === 0 ? START : times[i - 1]!));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    // Exponential with mean 100 ms: the mean is within a few percent, and so is the std dev
    // (equal to the mean for an exponential; a fixed interval would have std dev 0).
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean, `seed ${seed}`).toBeGreaterThan(95);
    expect(mean, `seed ${seed}`).toBeLessThan(105);
    expect(sd / mean, `seed ${seed}`).toBeGreaterThan(0.93);
    expect(sd / mean, `seed ${seed}`).toBeLessThan(1.07);
    // P(gap < mean) = 1 - 1/e = 0.632 for an exponential.
    const below = gaps.filter((g) => g < 100).length / gaps.length;
    expect(below, `seed ${seed}`).toBeGreaterThan(0.61);
    expect(below, `seed ${seed}`).toBeLessThan(0.655);
  });

  it('gives the same Poisson times for the same seed', () => {
    const a = take(createTimeline({ type: 'customer_created', ratePerMinute: 60, count: 20 }, START, createRandom(7)));
    const b = take(createTimeline({ type: 'customer_created', ratePerMinute: 60, count: 20 }, START, createRandom(7)));
    expect(a).toEqual(b);
  });
});

describe('exponentialGap', () => {
  it('is never negative or infinite', () => {
    const random = createRandom(3);
    for (let i = 0; i < 10_000; i++) {
      const gap = exponentialGap(10, random);
      expect(gap >= 0 && Number.isFinite(gap)).toBe(true);
    }
  });
});
