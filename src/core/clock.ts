import { aimedTimeout } from './aimed-timer.js';

/**
 * Time as a dependency. The delivery engine, schedules and scenarios never call the global
 * `setTimeout` or `Date.now()`: they get a Clock, so a test can drive time by hand
 * (`ManualClock`) and `timeScale` can compress every wait in one place (`scaledClock`).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds (of this clock). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * Optional: runs `fn` `ms` (of this clock) from now to a fraction of a millisecond, for the waits
   * a user measures (injected latency). Callers fall back to `setTimeout` on a clock without it
   * (ManualClock, a clock of the caller's own).
   */
  aimTimeout?(fn: () => void, ms: number): TimerHandle;
}

/**
 * Milliseconds on the monotonic clock (`process.hrtime`), the same in every thread of the process:
 * the moments a request is handed to the sender thread with (decision 0055).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Aimed waits longer than this are plain timers: a fraction of a millisecond does not matter there. */
const AIM_LIMIT_MS = 60_000;

/** Node fires a timer longer than this (2^31 - 1 ms, ~24.8 days) at once, so longer waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;

/** The real clock. Timers are unref'd: a pending retry never keeps a process alive by itself. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    let t: ReturnType<typeof setTimeout>;
    const arm = (left: number): void => {
      t = setTimeout(left > MAX_TIMER_MS ? () => arm(left - MAX_TIMER_MS) : fn, Math.min(left, MAX_TIMER_MS));
      t.unref?.();
    };
    // NaN would fire at once too; an unknowable wait is treated as no wait, as before.
    arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
  aimTimeout: (fn, ms) => (ms > AIM_LIMIT_MS || Number.isNaN(ms) ? systemClock.setTimeout(fn, ms) : aimedTimeout(fn, ms)),
};

/**
 * Multiplies every wait by `scale()` (read at the moment the timer is set), leaving `now()`
 * alone: journal timestamps stay wall-clock time while a 30-minute retry ladder runs in seconds.
 */
export function scaledClock(base: Clock, scale: () => number): Clock {
  return {
    now: () => base.now(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms * scale()),
    ...(base.aimTimeout ? { aimTimeout: (fn: () => void, ms: number) => base.aimTimeout!(fn, ms * scale()) } : {}),
  };
}

/** Waits `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires, in time order, every timer due on
 * the way, including timers that those timers set.
 *
 * @example
 *   const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
 *   clock.setTimeout(() => fired.push(clock.now()), 1000);
 *   await clock.advance(1000); // fired = [start + 1000]
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: ManualTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Number of timers still waiting. */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. Between timers it yields to the
   * event loop so promise chains started by one timer can set the next one.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      this.timers = this.timers.filter((t) => !t.cancelled);
      this.timers.sort((x, y) => x.at - y.at || x.seq - y.seq);
      const due = this.timers[0];
      if (!due || due.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
