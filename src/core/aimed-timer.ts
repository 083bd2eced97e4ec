/**
 * Timers aimed at a moment to a fraction of a millisecond, for the waits whose length a user
 * measures (injected latency; docs/decisions/0030-latency-aimed-at-the-receiver.md). Node's
 * timers count whole milliseconds from the loop's cached time and fire when the loop next looks:
 * 0-2 ms late on a quiet machine, and later when the turn they fall due in is busy with other work
 * (a trigger request that arrives at the same moment). An aimed timer sets a Node timer for the
 * whole milliseconds up to `COARSE_EARLY_MS` before the moment, then checks the high-resolution
 * clock on every turn of the loop (one shared `setImmediate`, never a busy loop that blocks I/O)
 * until the moment has come. All aimed timers near their moment share that one check, so many of
 * them cost one callback per turn, not one each; a check costs ~1.5 ms of polling per moment on an
 * idle machine.
 *
 * @example aimedTimeout(() => send(), 199.4) // fires within ~0.1 ms of 199.4 ms from now on an idle machine
 */
export function aimedTimeout(fn: () => void, ms: number): { cancel(): void } {
  const entry: Entry = { at: performance.now() + Math.max(0, ms), fn, done: false, coarse: undefined };
  const coarseMs = Math.floor(ms - COARSE_EARLY_MS);
  if (coarseMs > 0) {
    entry.coarse = setTimeout(() => near(entry), coarseMs);
    entry.coarse.unref?.();
  } else near(entry);
  return {
    cancel: () => {
      entry.done = true;
      if (entry.coarse) clearTimeout(entry.coarse);
    },
  };
}

/**
 * Resolves right after the aimed timers near their moment now (within COARSE_EARLY_MS) have
 * fired, or at once (undefined, nothing to await) when none is near, so a caller on a hot path
 * pays nothing without injected latency. For work that would otherwise hold the loop while a send
 * falls due: a trigger read in the same turn as a due send is handled after it (decision 0040).
 *
 * @example await afterNearAimedTimers(); // then handle the trigger
 */
export function afterNearAimedTimers(): Promise<void> | undefined {
  let until = -Infinity;
  for (const entry of nearTimers) if (!entry.done && entry.at > until) until = entry.at;
  if (until === -Infinity) return undefined;
  return new Promise((resolve) => afterNear.push({ until, resolve }));
}

/** How long before its moment an aimed timer stops waiting on Node's timer and polls the clock instead. */
const COARSE_EARLY_MS = 1.5;

interface Entry {
  at: number;
  fn: () => void;
  done: boolean;
  coarse: ReturnType<typeof setTimeout> | undefined;
}

/** Timers within COARSE_EARLY_MS of their moment, checked on every turn while there are any. */
const nearTimers = new Set<Entry>();
let checking: ReturnType<typeof setImmediate> | undefined;
/** Callers of afterNearAimedTimers, each waiting for the near timers due up to `until`. */
let afterNear: Array<{ until: number; resolve: () => void }> = [];

function near(entry: Entry): void {
  entry.coarse = undefined;
  if (entry.done) return;
  nearTimers.add(entry);
  // Never from inside aimedTimeout() itself: a timer does not fire before its setter returns.
  checking ??= nextTurn();
}

/**
 * The next check, on the next turn. Not unref'd, unlike the coarse timer: Node's loop does not
 * stop polling for an unref'd immediate (it would wait for the next I/O or timer, tens of ms), and
 * it holds the process for at most COARSE_EARLY_MS.
 */
function nextTurn(): ReturnType<typeof setImmediate> {
  return setImmediate(check);
}

function check(): void {
  const now = performance.now();
  const due: Entry[] = [];
  for (const entry of nearTimers) {
    if (entry.done) nearTimers.delete(entry);
    else if (entry.at <= now) {
      nearTimers.delete(entry);
      entry.done = true;
      due.push(entry);
    }
  }
  // The next check is set before the callbacks run, so one that throws does not strand the rest.
  checking = nearTimers.size > 0 ? nextTurn() : undefined;
  if (due.length > 1) due.sort((a, b) => a.at - b.at);
  try {
    for (const entry of due) entry.fn();
  } finally {
    // Also when a callback threw: a trigger waiting on these timers is never left hanging.
    if (afterNear.length > 0) releaseAfterNear();
  }
}

/** Resolves the waits whose near timers have all fired (or were cancelled): after the sends of this check. */
function releaseAfterNear(): void {
  let first = Infinity;
  for (const entry of nearTimers) if (!entry.done && entry.at < first) first = entry.at;
  const waiting = afterNear;
  afterNear = [];
  for (const w of waiting) {
    if (w.until < first) w.resolve();
    else afterNear.push(w);
  }
}
