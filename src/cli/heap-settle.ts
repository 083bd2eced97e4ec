import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from '../core/logger.js';

/**
 * After a burst of deliveries has gone quiet, the bin gives V8's garbage back to the system: full
 * collections with `--optimize-for-size` set for their length, so V8 compacts the old
 * generation and unmaps the pages it emptied (a plain full GC frees the objects but keeps the
 * pages: RSS stays where the burst left it until V8's memory reducer runs, 15-25 s later).
 * The bin only: a library must not collect its host's heap. See docs/decisions/0029.
 */

/** What the settler reads on each tick: deliveries created so far and how many are pending. */
export type DeliveryActivity = () => { created: number; pending: number };

export interface HeapSettleOptions {
  /** How often to look, in ms. */
  everyMs?: number;
  /** No delivery created, none pending and the event loop nearly idle for this long, in ms. */
  quietMs?: number;
  /** Deliveries created since the last settle before another is worth its pause. */
  minDeliveries?: number;
  /** Event-loop utilisation (0-1) under which a tick counts as quiet. */
  maxUtilization?: number;
  /** The collection itself, answering how many full GCs it made; the default is V8's, compacting (tests pass a fake). */
  collect?: () => number;
}

export interface HeapSettler {
  /** How many times the heap was settled. */
  settles(): number;
  stop(): void;
}

let exposedGc: (() => void) | undefined;

/** V8's `gc()`, exposed for this process on first use (the flag alone changes nothing else). */
function gcFunction(): () => void {
  const own = (globalThis as { gc?: () => void }).gc;
  if (own) return own;
  if (!exposedGc) {
    setFlagsFromString('--expose-gc');
    exposedGc = runInNewContext('gc') as () => void;
  }
  return exposedGc;
}

/** Whoever started node with `--optimize-for-size` keeps it; otherwise it is on only while collecting. */
function userOptimizesForSize(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /optimi[sz]e[-_]for[-_]size/.test(a));
}

/**
 * Full collections that compact and release pages, until one gives back less than 2 MiB (at most
 * `maxRounds`); answers how many ran. With optimize-for-size V8 picks every fragmented page but
 * moves at most ~6 MB of live objects per collection, so a heap left by a long storm takes a few.
 */
export function compactingCollect(maxRounds = 8): number {
  const gc = gcFunction();
  const toggle = !userOptimizesForSize();
  if (toggle) setFlagsFromString('--optimize-for-size');
  let rounds = 0;
  try {
    for (let total = getHeapStatistics().total_heap_size; rounds < maxRounds; ) {
      gc();
      rounds++;
      const now = getHeapStatistics().total_heap_size;
      if (rounds >= 2 && total - now < 2 * 1024 * 1024) break;
      total = now;
    }
  } finally {
    if (toggle) setFlagsFromString('--no-optimize-for-size');
  }
  return rounds;
}

/** Looks every `everyMs`; settles the heap once a burst of `minDeliveries` or more has been quiet for `quietMs`. */
export function settleHeapAfterBursts(activity: DeliveryActivity, logger: Logger, options: HeapSettleOptions = {}): HeapSettler {
  const everyMs = options.everyMs ?? 250;
  const quietMs = options.quietMs ?? 500;
  const minDeliveries = options.minDeliveries ?? 1000;
  const maxUtilization = options.maxUtilization ?? 0.05;
  const collect = options.collect ?? compactingCollect;
  let settles = 0;
  let createdAtSettle = activity().created;
  let lastCreated = createdAtSettle;
  let quietSince = performance.now();
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.now();
    const { created, pending } = activity();
    const next = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(next, elu).utilization > maxUtilization;
    elu = next;
    // A reset numbers deliveries from the start again: count from there.
    if (created < createdAtSettle) createdAtSettle = created;
    if (created !== lastCreated || busy || pending > 0) {
      lastCreated = created;
      quietSince = now;
      return;
    }
    if (now - quietSince < quietMs || created - createdAtSettle < minDeliveries) return;
    createdAtSettle = created;
    const before = process.memoryUsage();
    const rounds = collect();
    settles++;
    const after = process.memoryUsage();
    const mib = (n: number): number => Math.round(n / 104857.6) / 10;
    logger.debug(
      { ms: Math.round(performance.now() - now), rounds, heapTotalMiB: [mib(before.heapTotal), mib(after.heapTotal)], heapUsedMiB: [mib(before.heapUsed), mib(after.heapUsed)] },
      'heap settled after a burst of deliveries',
    );
    elu = performance.eventLoopUtilization();
    quietSince = performance.now();
  }, everyMs);
  timer.unref();
  return {
    settles: () => settles,
    stop: () => clearInterval(timer),
  };
}
