import { describe, expect, it, vi } from 'vitest';
import { afterNearAimedTimers, aimedTimeout } from './aimed-timer.js';
import { ManualClock, systemClock, scaledClock, type Clock } from './clock.js';

/** Resolves with performance.now() when an aimed timer of `ms` fires, and the moment it was aimed at. */
function fired(ms: number): Promise<{ at: number; aim: number }> {
  return new Promise((resolve) => {
    const aim = performance.now() + ms;
    aimedTimeout(() => resolve({ at: performance.now(), aim }), ms);
  });
}

describe('aimedTimeout', () => {
  it('never fires before its moment (the part that holds on any machine, loaded or not)', async () => {
    const results = await Promise.all([0, 1, 2, 5, 20, 37.5].map(fired));
    for (const r of results) expect(r.at).toBeGreaterThanOrEqual(r.aim);
  });

  it('fires timers in the order of their moments, whatever the order they were set in', async () => {
    // Each timer's moment is between (before + ms) and (after + ms) of its aimedTimeout call: on a
    // loaded machine the loop setting them can be stalled between two calls, which moves the moments.
    const set: Array<{ ms: number; earliest: number; latest: number }> = [];
    const order: number[] = [];
    await new Promise<void>((resolve) => {
      for (const ms of [30, 10, 20.5, 20, 3, 20.2]) {
        const before = performance.now();
        aimedTimeout(() => (order.push(ms), order.length === 6 && resolve()), ms);
        set.push({ ms, earliest: before + ms, latest: performance.now() + ms });
      }
    });
    const moment = (ms: number) => set.find((t) => t.ms === ms)!;
    expect([...order].sort((a, b) => a - b)).toEqual([3, 10, 20, 20.2, 20.5, 30]);
    // No timer fired after one whose moment was certainly later than its own.
    for (let i = 1; i < order.length; i++) expect(moment(order[i - 1]!).earliest).toBeLessThanOrEqual(moment(order[i]!).latest);
  });

  it('never fires a cancelled timer, near its moment or far from it', async () => {
    const calls: string[] = [];
    aimedTimeout(() => calls.push('far'), 40).cancel();
    const near = aimedTimeout(() => calls.push('near'), 0.5);
    near.cancel();
    await fired(60);
    expect(calls).toEqual([]);
  });

  it('sleeps near its moment in slices, a few turns of the loop, not ~1 400 (decision 0054)', async () => {
    // Counts the turns the timers take (each a setImmediate); polling on every turn took ~1 400 a timer.
    const real = globalThis.setImmediate;
    let turns = 0;
    globalThis.setImmediate = ((fn: (...args: unknown[]) => void, ...args: unknown[]) => (turns++, real(fn, ...args))) as typeof setImmediate;
    try {
      for (let i = 0; i < 5; i++) await fired(10);
    } finally {
      globalThis.setImmediate = real;
    }
    // 1.5 ms watched in slices of 0.2 ms: ~8 turns a timer; more if Node's timer ended early (its cached clock).
    expect(turns / 5).toBeLessThan(40);
  });

  it('does not sleep for a near timer cancelled before its check ran', async () => {
    const wait = vi.spyOn(Atomics, 'wait');
    try {
      // Near at once (its check is planned for the next turn), then cancelled before that turn.
      aimedTimeout(() => undefined, 1).cancel();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(wait).not.toHaveBeenCalled();
    } finally {
      wait.mockRestore();
    }
  });

  it('does not fire before the call that set it returns, even for a wait of 0', () => {
    let fired0 = false;
    aimedTimeout(() => (fired0 = true), 0);
    expect(fired0).toBe(false);
  });
});

describe('afterNearAimedTimers', () => {
  it('is undefined (nothing to wait for) when no aimed timer is near its moment', async () => {
    await afterNearAimedTimers(); // those the tests before left near have fired
    const far = aimedTimeout(() => undefined, 60_000);
    expect(afterNearAimedTimers()).toBeUndefined();
    far.cancel();
  });

  it('resolves right after the near timers fired, never before them, and not after a timer that was still far', async () => {
    const order: string[] = [];
    const far = aimedTimeout(() => order.push('far'), 60_000);
    // A timer of 0 ms is near at once: the wait resolves after it has fired.
    aimedTimeout(() => order.push('near'), 0);
    aimedTimeout(() => order.push('near too'), 1);
    const after = afterNearAimedTimers();
    expect(after).toBeInstanceOf(Promise);
    await after!.then(() => order.push('after'));
    expect(order).toEqual(['near', 'near too', 'after']);
    far.cancel();
  });

  it('waits for a send due within 4 ms, past the 1.5 ms its clock is polled in, but not for one due later (decision 0053)', async () => {
    await afterNearAimedTimers();
    const order: string[] = [];
    // 3 ms away: not yet polled for, but due soon; 200 ms away: neither.
    aimedTimeout(() => order.push('soon'), 3);
    aimedTimeout(() => order.push('later'), 200);
    const after = afterNearAimedTimers();
    expect(after).toBeInstanceOf(Promise);
    await after!.then(() => order.push('after'));
    expect(order).toEqual(['soon', 'after']);
  });

  it('waits 2 ms more after aimed timers fired, once, and then is undefined again (decision 0053)', async () => {
    await afterNearAimedTimers();
    const firedAt = await new Promise<number>((resolve) => aimedTimeout(() => resolve(performance.now()), 0));
    // Just after a send: the receiver reads it meanwhile, so work waits.
    const quiet = afterNearAimedTimers();
    expect(quiet).toBeInstanceOf(Promise);
    await quiet;
    // Node's timers round to whole ms from the loop's cached time: at least 1 ms of the 2 passes for certain.
    expect(performance.now() - firedAt).toBeGreaterThanOrEqual(1);
    expect(afterNearAimedTimers()).toBeUndefined();
  });

  it('resolves when the near timers it waited for are cancelled instead', async () => {
    const near = aimedTimeout(() => undefined, 1);
    const after = afterNearAimedTimers();
    near.cancel();
    await expect(after).resolves.toBeUndefined();
  });
  it('resolves at once when a send due soon that it waited for is cancelled before its clock is polled', async () => {
    await afterNearAimedTimers();
    // 3 ms away: due soon, its clock not yet polled; then cancelled (a delivery reset or unsubscribed).
    const soon = aimedTimeout(() => undefined, 3);
    const after = afterNearAimedTimers();
    expect(after).toBeInstanceOf(Promise);
    soon.cancel();
    // No send went out, so nothing to wait for: not even the quiet after a send, nor another send.
    const hung = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000).unref());
    await expect(Promise.race([after, hung])).resolves.toBeUndefined();
    expect(afterNearAimedTimers()).toBeUndefined();
  });
});

describe('aimTimeout of the system clock', () => {
  it('is scaled by a scaled clock like setTimeout, and a ManualClock has none (its callers fall back to setTimeout)', async () => {
    const half = scaledClock(systemClock, () => 0.5);
    const started = performance.now();
    await new Promise<void>((resolve) => half.aimTimeout!(resolve, 40));
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
    expect((new ManualClock() as Clock).aimTimeout).toBeUndefined();
    expect(scaledClock(new ManualClock(), () => 1).aimTimeout).toBeUndefined();
  });
});
