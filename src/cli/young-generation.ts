import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

/**
 * The bin keeps V8's young generation at its start-up size while it starts (decision 0043).
 * V8 doubles the young generation after a scavenge that saw much survive; start-up (the bundle's
 * modules, the world, the warm-ups) is one long run of such scavenges, so an idle bin kept two
 * 8 MiB semi-spaces (~7 MiB resident) that nothing idle uses, until V8's memory reducer shrank
 * them 8-25 s later, if it saw the allocation rate low. With the growth factor at 1 during
 * start-up the young generation stays at 1 MiB; the first deliveries give V8's factor back, so
 * a storm grows it as before. The bin only: a library must not size its host's heap.
 */

/** V8's default `--semi-space-growth-factor`. */
const V8_GROWTH_FACTOR = 2;

let held = false;

/** Whoever started node with a young-generation flag keeps their choice. */
function userSizesYoungGeneration(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /semi[-_]space/.test(a));
}

/** Holds the young generation at its start-up size; answers whether it did. Call before loading the server. */
export function holdYoungGeneration(): boolean {
  if (held || userSizesYoungGeneration()) return held;
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
  return true;
}

/** Gives V8 back its growth factor (a no-op when not held). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  setFlagsFromString(`--semi-space-growth-factor=${V8_GROWTH_FACTOR}`);
  held = false;
}

export interface YoungGenerationRelease {
  /** Whether the growth factor was given back. */
  released(): boolean;
  stop(): void;
}

export interface ReleaseOptions {
  /** How often to look, in ms. */
  everyMs?: number;
  /** Event-loop utilisation (0-1) over one look that counts as load. */
  busyUtilization?: number;
  /** Looks before load counts (start-up's warm-ups run in the first ones). */
  graceLooks?: number;
  /** Gives the factor back; the default is V8's flag (tests pass a fake). */
  release?: () => void;
}

/**
 * Gives V8's growth factor back at the first sign of work after start-up: a delivery created
 * (`deliveries()` moved), or a look with the event loop over `busyUtilization` busy once the
 * start-up's warm-ups are past (`graceLooks`). Looks every `everyMs` on an unref'd timer.
 */
export function releaseYoungGenerationOnWork(deliveries: () => number, options: ReleaseOptions = {}): YoungGenerationRelease {
  const everyMs = options.everyMs ?? 100;
  const busyUtilization = options.busyUtilization ?? 0.5;
  const graceLooks = options.graceLooks ?? 10;
  const release = options.release ?? releaseYoungGeneration;
  const createdAtStart = deliveries();
  let looks = 0;
  let done = false;
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    looks++;
    const next = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(next, elu).utilization > busyUtilization;
    elu = next;
    if (deliveries() === createdAtStart && !(busy && looks > graceLooks)) return;
    done = true;
    clearInterval(timer);
    release();
  }, everyMs);
  timer.unref();
  return {
    released: () => done,
    stop: () => clearInterval(timer),
  };
}
