import { getHeapSpaceStatistics } from 'node:v8';
import { msToNextAimedTimer } from '../core/aimed-timer.js';
import type { Clock } from '../core/clock.js';
import { gcFunction } from './heap-settle.js';

/**
 * The bin collects its young generation when no delayed send is near (decision 0050). V8 runs a
 * scavenge as a task of the event loop once the young generation is ~80 % full, whatever is due:
 * with injected latency, one in ~6 triggers at 20/s, 0.4-2 ms on the main thread and its helper
 * threads on the other core, and the deliveries whose send, way in or way out it fell on were
 * most of the delay error's tail. Right after a trigger has planned its delayed sends (its own are
 * `latency` away), one is collected here instead when the young generation is past `fullAt` and
 * no aimed timer is due within `clearMs`, so V8's own rarely comes due between two triggers.
 * The bin only, like the heap settle (0029): a library must not collect its host's heap.
 */
export interface YoungCollectorOptions {
  /** Fraction (0-1) of the young generation in use from which one is collected. */
  fullAt?: number;
  /** No aimed timer due within this many ms. */
  clearMs?: number;
  /** The young generation's use now; V8's by default (tests pass a fake). */
  youngUse?: () => { used: number; capacity: number };
  /** Ms until the next aimed timer; the process's by default. */
  msToNextSend?: () => number;
  /** Collects the young generation; V8's minor GC by default. */
  collect?: () => void;
  /** Runs `fn` after this turn's I/O (after the trigger's answer); setImmediate by default. */
  defer?: (fn: () => void) => void;
}

export interface YoungCollector {
  /** An aimed timer was set: look once, after this turn, whether to collect now. */
  soon(): void;
  /** How many times it collected. */
  collections(): number;
  stop(): void;
}

/**
 * Whether to collect now: the young generation is past `fullAt` and no send is due within `clearMs`.
 *
 * @example collectYoungNow({ used: 1.5e6, capacity: 2e6 }, 40, { fullAt: 0.5, clearMs: 5 }) // true
 */
export function collectYoungNow(use: { used: number; capacity: number }, msToNextSend: number, policy: { fullAt: number; clearMs: number }): boolean {
  return use.capacity > 0 && use.used >= use.capacity * policy.fullAt && msToNextSend > policy.clearMs;
}

/** V8's young generation: bytes in use and its capacity (in use + still free). */
export function v8YoungUse(): { used: number; capacity: number } {
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name === 'new_space') return { used: s.space_used_size, capacity: s.space_used_size + s.space_available_size };
  }
  return { used: 0, capacity: 0 };
}

/** Collects the young generation between sends (see above); `soon()` after each aimed timer set. */
export function collectYoungBetweenSends(options: YoungCollectorOptions = {}): YoungCollector {
  const policy = { fullAt: options.fullAt ?? 0.5, clearMs: options.clearMs ?? 5 };
  const youngUse = options.youngUse ?? v8YoungUse;
  const msToNextSend = options.msToNextSend ?? msToNextAimedTimer;
  const collect = options.collect ?? (() => gcFunction()({ type: 'minor' }));
  const defer = options.defer ?? ((fn) => void setImmediate(fn));
  let looking = false;
  let stopped = false;
  let collections = 0;
  const look = (): void => {
    looking = false;
    if (stopped || !collectYoungNow(youngUse(), msToNextSend(), policy)) return;
    collect();
    collections++;
  };
  return {
    soon() {
      if (looking || stopped) return;
      looking = true;
      defer(look);
    },
    collections: () => collections,
    stop() {
      stopped = true;
    },
  };
}

/** `base`, whose aimed timers tell `collector` they were set (the delivery engine's clock in the bin). */
export function clockTelling(base: Clock, collector: Pick<YoungCollector, 'soon'>): Clock {
  const aim = base.aimTimeout;
  if (!aim) return base;
  return {
    now: () => base.now(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms),
    aimTimeout: (fn, ms) => {
      const timer = aim.call(base, fn, ms);
      collector.soon();
      return timer;
    },
  };
}
