import { parseCron, resolveUntil, type ScheduleSpec } from '../config/schedule-config.js';
import type { Random } from '../core/random.js';

/** The last time a Date can hold (ms since the epoch). */
const MAX_DATE_MS = 8.64e15;

/**
 * The emission times of one schedule, as a pure sequence: each call returns the next target
 * time (schedule time, ms since the epoch) or undefined once `count` or `until` ends it.
 * Targets are computed from the start (start + n * period, or cumulative gaps), never from when
 * the previous timer happened to fire, so timer drift does not accumulate.
 *
 * @example
 *   const next = createTimeline({ type: 'customer_created', everyMs: 1000, count: 2 }, 0, random);
 *   next(); next(); next(); // 1000, 2000, undefined
 */
export function createTimeline(spec: ScheduleSpec, startMs: number, random: Random): () => number | undefined {
  const untilMs = spec.until === undefined ? Infinity : (resolveUntil(spec.until, startMs) ?? Infinity);
  const limit = spec.count ?? Infinity;
  const step = stepper(spec, startMs, random);
  let produced = 0;
  let done = false;
  return () => {
    if (done || produced >= limit) return undefined;
    const at = step();
    // Past the last time a Date can hold, a run time could not even be shown: the schedule ends.
    if (at === undefined || at > untilMs || !(at <= MAX_DATE_MS)) {
      done = true;
      return undefined;
    }
    produced++;
    return at;
  };
}

function stepper(spec: ScheduleSpec, startMs: number, random: Random): () => number | undefined {
  if (spec.everyMs !== undefined) {
    const period = spec.everyMs;
    let n = 0;
    return () => startMs + ++n * period;
  }
  if (spec.ratePerMinute !== undefined) {
    const meanMs = 60_000 / spec.ratePerMinute;
    let at = startMs;
    return () => (at += exponentialGap(meanMs, random));
  }
  if (spec.cron !== undefined) {
    const cron = parseCron(spec.cron);
    let at = startMs;
    return () => {
      const next = cron.nextRun(new Date(at));
      if (next === null) return undefined;
      at = next.getTime();
      return at;
    };
  }
  throw new Error('schedule has no timing field (the schema should have refused it)');
}

/**
 * One gap of a Poisson process: exponentially distributed with the given mean, which is what
 * makes arrivals at a steady average rate look like real, bursty traffic.
 */
export function exponentialGap(meanMs: number, random: Random): number {
  return -Math.log(1 - random.next()) * meanMs;
}
