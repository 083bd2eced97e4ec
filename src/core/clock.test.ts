import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.js';

const DAY = 86_400_000;
afterEach(() => {
  // The spy first, then the timers: the spy was set on the fake setTimeout, and restoring it after
  // useRealTimers() put the fake back as the global one, so the next file in this worker waited
  // forever on its first timer (test/support/test-receiver.test.ts, 20 s timeout, one full run).
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('systemClock', () => {
  it('waits longer than 2^31 - 1 ms instead of firing at once (a one-day retry at timeScale 30)', () => {
    vi.useFakeTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const fn = vi.fn();
    systemClock.setTimeout(fn, 30 * DAY);
    expect(Math.max(...spy.mock.calls.map((c) => Number(c[1])))).toBeLessThanOrEqual(2_147_483_647);
    vi.advanceTimersByTime(29 * DAY);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DAY);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('cancels a chained long wait', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const handle = systemClock.setTimeout(fn, 40 * DAY);
    vi.advanceTimersByTime(26 * DAY);
    handle.cancel();
    vi.advanceTimersByTime(20 * DAY);
    expect(fn).not.toHaveBeenCalled();
  });
});
