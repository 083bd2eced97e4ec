import { describe, expect, it, vi } from 'vitest';
import { ManualClock, systemClock } from '../core/clock.js';
import { clockTelling, collectYoungBetweenSends, collectYoungNow, v8YoungUse } from './young-gc.js';

/** A collector on fakes: the young generation's use, the next send, and the deferred looks run by hand. */
function fakes(use: { used: number; capacity: number }, msToNextSend: number) {
  const state = { use, msToNextSend, deferred: [] as Array<() => void> };
  const collect = vi.fn(() => {
    state.use = { ...state.use, used: 0 };
  });
  const collector = collectYoungBetweenSends({
    youngUse: () => state.use,
    msToNextSend: () => state.msToNextSend,
    collect,
    defer: (fn) => state.deferred.push(fn),
  });
  const runDeferred = () => {
    for (const fn of state.deferred.splice(0)) fn();
  };
  return { state, collect, collector, runDeferred };
}

describe('collectYoungNow', () => {
  const policy = { fullAt: 0.5, clearMs: 5 };
  it('collects a young generation past fullAt when no send is due within clearMs', () => {
    expect(collectYoungNow({ used: 1.2e6, capacity: 2e6 }, 40, policy)).toBe(true);
    expect(collectYoungNow({ used: 0.8e6, capacity: 2e6 }, 40, policy)).toBe(false);
    expect(collectYoungNow({ used: 1.2e6, capacity: 2e6 }, 4, policy)).toBe(false);
    expect(collectYoungNow({ used: 1.2e6, capacity: 2e6 }, Infinity, policy)).toBe(true);
    expect(collectYoungNow({ used: 0, capacity: 0 }, 40, policy)).toBe(false);
  });
});

describe('collectYoungBetweenSends', () => {
  it('looks after the turn an aimed timer was set in, once however many were set, and collects when full and clear', () => {
    const f = fakes({ used: 1.5e6, capacity: 2e6 }, 199);
    f.collector.soon();
    f.collector.soon();
    expect(f.collect).not.toHaveBeenCalled(); // not inside the trigger's handling
    expect(f.state.deferred).toHaveLength(1);
    f.runDeferred();
    expect(f.collect).toHaveBeenCalledTimes(1);
    expect(f.collector.collections()).toBe(1);
    f.collector.soon();
    f.runDeferred();
    expect(f.collect).toHaveBeenCalledTimes(1); // emptied: nothing to collect
  });

  it('leaves the young generation to V8 while a send is near, and collects nothing after stop()', () => {
    const f = fakes({ used: 1.9e6, capacity: 2e6 }, 1.2);
    f.collector.soon();
    f.runDeferred();
    expect(f.collect).not.toHaveBeenCalled();
    f.state.msToNextSend = 50;
    f.collector.soon();
    f.collector.stop();
    f.runDeferred();
    f.collector.soon();
    expect(f.state.deferred).toHaveLength(0);
    expect(f.collect).not.toHaveBeenCalled();
  });

  it("reads V8's young generation by default", () => {
    const use = v8YoungUse();
    expect(use.capacity).toBeGreaterThan(0);
    expect(use.used).toBeLessThanOrEqual(use.capacity);
  });
});

describe('clockTelling', () => {
  it('tells the collector of each aimed timer and leaves the clock as it was otherwise', async () => {
    const soon = vi.fn();
    const clock = clockTelling(systemClock, { soon });
    clock.setTimeout(() => undefined, 10).cancel();
    expect(soon).not.toHaveBeenCalled();
    await new Promise<void>((resolve) => clock.aimTimeout!(resolve, 1));
    expect(soon).toHaveBeenCalledTimes(1);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
    const manual = new ManualClock();
    expect(clockTelling(manual, { soon })).toBe(manual); // no aimed timers: nothing to tell
  });
});
