import { describe, expect, it } from 'vitest';
import { countAttempt, DEFAULT_BURST_LIMITS, type RateWindow } from './burst-policy.js';

const limits = { windowMs: 1000, perWindow: 5, inFlight: 3 };

describe('countAttempt', () => {
  it('counts overlapping attempts within a window and calls the one that reaches perWindow a burst', () => {
    let w: RateWindow = { since: 0, count: 0 };
    const bursts: boolean[] = [];
    for (let t = 1000; t < 1500; t += 100) {
      const r = countAttempt(w, t, 2, limits);
      w = r.window;
      bursts.push(r.burst);
    }
    expect(bursts).toEqual([false, false, false, false, true]);
    expect(w).toEqual({ since: 1000, count: 5 });
  });

  it('does not count an attempt that overlaps none: a sequence is never a burst, however quick', () => {
    let w: RateWindow = { since: 0, count: 0 };
    for (let t = 0; t < 1000; t++) {
      const r = countAttempt(w, 0, 1, limits);
      expect(r.burst).toBe(false);
      w = r.window;
    }
    expect(w).toEqual({ since: 0, count: 0 });
    expect(countAttempt({ since: 0, count: 4 }, 10, 1, limits)).toEqual({ window: { since: 0, count: 4 }, burst: false });
    expect(countAttempt({ since: 0, count: 4 }, 10, 2, limits)).toEqual({ window: { since: 0, count: 5 }, burst: true });
  });

  it('starts a new window once windowMs has passed, so a steady low rate is never a burst', () => {
    let w: RateWindow = { since: 0, count: 0 };
    // 4 a second for 10 s (a schedule of everyMs 250).
    for (let t = 0; t < 10_000; t += 250) {
      const r = countAttempt(w, t, 2, limits);
      expect(r.burst).toBe(false);
      w = r.window;
    }
  });

  it('calls inFlight attempts at once a burst, whatever the rate', () => {
    expect(countAttempt({ since: 0, count: 0 }, 5000, 3, limits).burst).toBe(true);
    expect(countAttempt({ since: 0, count: 0 }, 5000, 2, limits).burst).toBe(false);
  });

  it('starts again when the clock went back', () => {
    expect(countAttempt({ since: 5000, count: 4 }, 4000, 2, limits)).toEqual({ window: { since: 4000, count: 1 }, burst: false });
  });

  it('by default: 50 overlapping attempts in a second or 8 at once', () => {
    expect(DEFAULT_BURST_LIMITS).toEqual({ windowMs: 1000, perWindow: 50, inFlight: 8 });
  });
});
