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
  const coarseMs = Math.floor(ms - SOON_MS);
  if (coarseMs > 0) {
    entry.coarse = setTimeout(() => near(entry), coarseMs);
    entry.coarse.unref?.();
  } else near(entry);
  return {
    cancel: () => {
      entry.done = true;
      if (entry.coarse) clearTimeout(entry.coarse);
      // A wait for it ends now: no check may come to end it (its clock may not be polled yet).
      else if (nearTimers.delete(entry) && afterNear.length > 0) releaseAfterNear();
    },
  };
}

/**
 * Resolves once the aimed timers due soon (within SOON_MS) have fired and then QUIET_MS have
 * passed, or at once (undefined, nothing to await) when none is due soon and none fired in the
 * last QUIET_MS, so a caller on a hot path pays nothing without injected latency. For work that
 * would otherwise run while a send falls due or just after it: a trigger read then is handled
 * after that moment (decisions 0040 and 0053). It waits once, so at most ~SOON_MS + QUIET_MS
 * and a timer's rounding, however many sends follow.
 *
 * @example await afterNearAimedTimers(); // then handle the trigger
 */
export function afterNearAimedTimers(): Promise<void> | undefined {
  let until = -Infinity;
  for (const entry of nearTimers) if (entry.at > until) until = entry.at;
  if (until !== -Infinity) return new Promise((resolve) => afterNear.push({ until, resolve: () => afterQuiet(resolve) }));
  return lastFiredAt + QUIET_MS > performance.now() ? new Promise((resolve) => afterQuiet(resolve)) : undefined;
}

/**
 * Calls `fn` once QUIET_MS have passed since aimed timers last fired (at once when they have), by
 * the high-resolution clock: a Node timer counts from the loop's cached time and can end a
 * fraction of a ms short. Sends that fire meanwhile do not make it wait longer (`until` is fixed).
 */
function afterQuiet(fn: () => void, until = lastFiredAt + QUIET_MS): void {
  const left = until - performance.now();
  if (left > 0) setTimeout(() => afterQuiet(fn, until), Math.ceil(left));
  else fn();
}

/** How long before its moment an aimed timer stops waiting on Node's timer and polls the clock instead. */
const COARSE_EARLY_MS = 1.5;
/**
 * How long before its moment an aimed timer counts as due soon: afterNearAimedTimers() waits for
 * it. About what handling a trigger costs on a slow machine (~1-3 ms; decision 0053).
 */
const SOON_MS = 4;
/**
 * How long after aimed timers fired afterNearAimedTimers() still waits: the receiver on the same
 * machine reads the send meanwhile, and the emulator's next work does not compete with it (decision 0053).
 */
const QUIET_MS = 2;

interface Entry {
  at: number;
  fn: () => void;
  done: boolean;
  coarse: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Timers within SOON_MS of their moment, none fired or cancelled (both take it out); the clock is
 * checked on every turn once one is within COARSE_EARLY_MS.
 */
const nearTimers = new Set<Entry>();
/** The next check on the next turn, while a near timer is within COARSE_EARLY_MS of its moment. */
let checking: ReturnType<typeof setImmediate> | undefined;
/** The Node timer that starts the checks COARSE_EARLY_MS before the first near timer's moment, and that moment. */
let waking: { timer: ReturnType<typeof setTimeout>; first: number } | undefined;
/** Callers of afterNearAimedTimers, each waiting for the near timers due up to `until`. */
let afterNear: Array<{ until: number; resolve: () => void }> = [];
/** When aimed timers last fired (performance.now()). */
let lastFiredAt = -Infinity;

function near(entry: Entry): void {
  entry.coarse = undefined;
  if (entry.done) return;
  nearTimers.add(entry);
  // Never from inside aimedTimeout() itself: a timer does not fire before its setter returns
  // (plan() checks on the next turn at the soonest).
  plan();
}

/**
 * Sets what looks at the near timers next: the check on the next turn when the first is within
 * COARSE_EARLY_MS of its moment, else a Node timer until then. The check is not unref'd, unlike
 * the Node timers: Node's loop does not stop polling for an unref'd immediate (it would wait for
 * the next I/O or timer, tens of ms), and it holds the process for at most COARSE_EARLY_MS.
 */
function plan(): void {
  if (checking) return;
  let first = Infinity;
  for (const entry of nearTimers) if (entry.at < first) first = entry.at;
  if (first === Infinity) return;
  const wait = Math.floor(first - COARSE_EARLY_MS - performance.now());
  if (wait <= 0) {
    if (waking) clearTimeout(waking.timer), (waking = undefined);
    checking = setImmediate(check);
    return;
  }
  if (waking && waking.first <= first) return;
  if (waking) clearTimeout(waking.timer);
  const timer = setTimeout(() => {
    waking = undefined;
    plan();
  }, wait);
  timer.unref?.();
  waking = { timer, first };
}

function check(): void {
  const now = performance.now();
  const due: Entry[] = [];
  for (const entry of nearTimers) {
    if (entry.at <= now) {
      nearTimers.delete(entry);
      entry.done = true;
      due.push(entry);
    }
  }
  // The next look is planned before the callbacks run, so one that throws does not strand the rest.
  checking = undefined;
  plan();
  if (due.length > 1) due.sort((a, b) => a.at - b.at);
  try {
    for (const entry of due) entry.fn();
  } finally {
    if (due.length > 0) lastFiredAt = performance.now();
    // Also when a callback threw: a trigger waiting on these timers is never left hanging.
    if (afterNear.length > 0) releaseAfterNear();
  }
}

/** Ends the waits whose near timers have all fired (after the sends of this check) or were cancelled. */
function releaseAfterNear(): void {
  let first = Infinity;
  for (const entry of nearTimers) if (entry.at < first) first = entry.at;
  const waiting = afterNear;
  afterNear = [];
  for (const w of waiting) {
    if (w.until < first) w.resolve();
    else afterNear.push(w);
  }
}
