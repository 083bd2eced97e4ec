import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { compactOnce } from './heap-settle.js';

/**
 * The bin starts lean (decision 0043): while it loads and warms up, V8 neither optimizes
 * (TurboFan, Sparkplug) nor grows its young generation; the first work after start-up gives V8
 * its defaults back, so a storm is compiled and sized as before.
 * - Optimizing compiles at start-up paged in TurboFan's own code in the node binary and left its
 *   compile zones in malloc: ~4.7 MiB of an idle bin's RSS (node's pages 38.4 -> 34.8 MiB) for
 *   code that runs once.
 * - V8 doubles the young generation after a scavenge that saw much survive; start-up is one long
 *   run of those, so an idle bin kept two 8 MiB semi-spaces (~7 MiB resident) until V8's memory
 *   reducer shrank them 8-25 s later, if it saw the allocation rate low (the harness's two modes).
 * - Once start-up has gone quiet, one collection compacts its garbage away (~2 MiB of pages).
 * The bin only: a library must not tune its host's V8. Each flag someone gave node stays theirs.
 */
const LEAN: readonly { hold: string; give: string; theirs: RegExp }[] = [
  { hold: '--semi-space-growth-factor=1', give: '--semi-space-growth-factor=2', theirs: /semi[-_]space/ },
  { hold: '--no-turbofan', give: '--turbofan', theirs: /--(no-)?(turbofan|opt|max-opt)\b|jitless/ },
  { hold: '--no-sparkplug', give: '--sparkplug', theirs: /sparkplug|jitless/ },
];

/** What `startLean()` set, each with the default `endLeanStart()` gives back. */
let held: readonly { hold: string; give: string }[] = [];

/**
 * Which of the lean flags the bin may hold, given node's own flags and NODE_OPTIONS:
 * `leanFlagsFor('--no-opt')` holds the young generation and Sparkplug, not TurboFan (theirs).
 */
export function leanFlagsFor(given: string): readonly { hold: string; give: string }[] {
  return LEAN.filter((f) => !f.theirs.test(given)).map(({ hold, give }) => ({ hold, give }));
}

/** Starts lean; answers the flags it holds. Call before loading the server's modules. */
export function startLean(): readonly string[] {
  if (held.length === 0) {
    held = leanFlagsFor([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));
    for (const f of held) setFlagsFromString(f.hold);
  }
  return held.map((f) => f.hold);
}

/** Gives V8 back its defaults for what `startLean()` held (a no-op when nothing is). */
export function endLeanStart(): void {
  for (const f of held) setFlagsFromString(f.give);
  held = [];
}

export interface LeanStartEnd {
  /** Whether the defaults were given back. */
  ended(): boolean;
  stop(): void;
}

export interface LeanStartEndOptions {
  /** How often to look, in ms. */
  everyMs?: number;
  /** Event-loop utilisation (0-1) over one look that counts as work. */
  busyUtilization?: number;
  /** Looks before a busy event loop counts (start-up's warm-ups run in the first ones). */
  graceLooks?: number;
  /** Busy looks in a row that count as work (a loaded machine stretches a warm-up step over one). */
  busyLooks?: number;
  /** Gives the defaults back; `endLeanStart` unless a test passes a fake. */
  end?: () => void;
  /** Quiet looks in a row (nothing delivered, the event loop under `quietUtilization` busy) after the grace that make start-up done. */
  quietLooks?: number;
  /** Event-loop utilisation (0-1) under which a look is quiet. */
  quietUtilization?: number;
  /** Once start-up is done and still lean: gives its garbage's pages back (`compactOnce`, or a fake). */
  settle?: () => void;
}

/**
 * Ends the lean start at the first work after start-up: a delivery created (`deliveries()`
 * moved), or `busyLooks` looks in a row with the event loop over `busyUtilization` busy once the
 * warm-ups are past (`graceLooks`). Before that, once: after `quietLooks` quiet looks past the
 * grace, `settle()` (start-up's garbage compacted away). Looks every `everyMs` on an unref'd timer.
 */
export function endLeanStartOnWork(deliveries: () => number, options: LeanStartEndOptions = {}): LeanStartEnd {
  const everyMs = options.everyMs ?? 100;
  const busyUtilization = options.busyUtilization ?? 0.5;
  const graceLooks = options.graceLooks ?? 10;
  const busyLooks = options.busyLooks ?? 5;
  const end = options.end ?? endLeanStart;
  const quietLooks = options.quietLooks ?? 3;
  const quietUtilization = options.quietUtilization ?? 0.05;
  const settle = options.settle ?? compactOnce;
  let quietInARow = 0;
  let settled = false;
  const createdAtStart = deliveries();
  let looks = 0;
  let busyInARow = 0;
  let done = false;
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    looks++;
    const next = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(next, elu).utilization;
    elu = next;
    const busy = looks > graceLooks && utilization > busyUtilization;
    busyInARow = busy ? busyInARow + 1 : 0;
    const delivered = deliveries() !== createdAtStart;
    quietInARow = looks > graceLooks && !delivered && utilization < quietUtilization ? quietInARow + 1 : 0;
    if (!delivered && busyInARow < busyLooks) {
      if (!settled && quietInARow >= quietLooks) {
        settled = true;
        settle();
      }
      return;
    }
    done = true;
    clearInterval(timer);
    end();
  }, everyMs);
  timer.unref();
  return {
    ended: () => done,
    stop: () => clearInterval(timer),
  };
}
