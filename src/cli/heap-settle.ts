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
  /** Compacting rounds at most per settle. */
  maxRounds?: number;
  /** One round, answering the heap's total size after it; the default is V8's (tests pass a fake). */
  round?: () => number;
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

const MIN_GAIN_BYTES = 2 * 1024 * 1024;

/** Another round is worth it while the last one gave back 2 MiB or more (at least 2, at most `maxRounds`). */
function worthAnother(rounds: number, maxRounds: number, totalBefore: number, totalAfter: number): boolean {
  return rounds < maxRounds && (rounds < 2 || totalBefore - totalAfter >= MIN_GAIN_BYTES);
}

/**
 * One full collection with `--optimize-for-size` set for its length (V8 then picks every
 * fragmented page for compaction and unmaps what it empties, but moves at most ~6 MB of live
 * objects per collection, hence several rounds after a long storm). Answers the heap's total size.
 */
export function compactingRound(): number {
  const gc = gcFunction();
  const toggle = !userOptimizesForSize();
  if (toggle) setFlagsFromString('--optimize-for-size');
  try {
    gc();
  } finally {
    if (toggle) setFlagsFromString('--no-optimize-for-size');
  }
  return getHeapStatistics().total_heap_size;
}

/**
 * One full collection that compacts every fragmented page of the old generation
 * (`--compact-on-every-full-gc` set for its length), without `--optimize-for-size`: V8 then sizes
 * the next limit as after any collection at idle, not for a memory-constrained process. For the
 * end of start-up (decision 0043): ~2 MiB of start-up's pages back, one pause of ~20-30 ms.
 */
export function compactOnce(): void {
  const gc = gcFunction();
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** Rounds back to back until one gives back under 2 MiB (at least 2, at most `maxRounds`); answers how many ran. */
export function compactingCollect(maxRounds = 8): number {
  let rounds = 0;
  for (let total = Infinity; ; ) {
    const now = compactingRound();
    rounds++;
    if (!worthAnother(rounds, maxRounds, total, now)) return rounds;
    total = now;
  }
}

/**
 * Looks every `everyMs`; once a burst of `minDeliveries` or more has been quiet for `quietMs`,
 * settles the heap: compacting rounds one per event-loop turn (requests that arrive meanwhile are
 * served between two), until one gives back under 2 MiB or a delivery is created again.
 */
export function settleHeapAfterBursts(activity: DeliveryActivity, logger: Logger, options: HeapSettleOptions = {}): HeapSettler {
  const everyMs = options.everyMs ?? 250;
  const quietMs = options.quietMs ?? 500;
  const minDeliveries = options.minDeliveries ?? 1000;
  const maxUtilization = options.maxUtilization ?? 0.05;
  const maxRounds = options.maxRounds ?? 8;
  const round = options.round ?? compactingRound;
  let settles = 0;
  let settling: NodeJS.Immediate | undefined;
  let createdAtSettle = activity().created;
  let lastCreated = createdAtSettle;
  let quietSince = performance.now();
  let elu = performance.eventLoopUtilization();

  const settle = (): void => {
    const startedAt = performance.now();
    const before = process.memoryUsage();
    let rounds = 0;
    let total = Infinity;
    const step = (): void => {
      const now = round();
      rounds++;
      const { created, pending } = activity();
      const resumed = created !== lastCreated || pending > 0;
      if (!resumed && worthAnother(rounds, maxRounds, total, now)) {
        total = now;
        settling = setImmediate(step);
        return;
      }
      settling = undefined;
      settles++;
      const after = process.memoryUsage();
      const mib = (n: number): number => Math.round(n / 104857.6) / 10;
      logger.debug(
        { ms: Math.round(performance.now() - startedAt), rounds, interrupted: resumed, heapTotalMiB: [mib(before.heapTotal), mib(after.heapTotal)], heapUsedMiB: [mib(before.heapUsed), mib(after.heapUsed)] },
        'heap settled after a burst of deliveries',
      );
      elu = performance.eventLoopUtilization();
      quietSince = performance.now();
    };
    step();
  };

  const timer = setInterval(() => {
    if (settling) return;
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
    settle();
  }, everyMs);
  timer.unref();
  return {
    settles: () => settles,
    stop: () => {
      clearInterval(timer);
      if (settling) clearImmediate(settling);
      settling = undefined;
    },
  };
}
