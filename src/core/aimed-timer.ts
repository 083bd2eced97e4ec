/**
 * Timers aimed at a moment to a fraction of a millisecond, for the waits whose length a user
 * measures (injected latency; docs/decisions/0030-latency-aimed-at-the-receiver.md). Node's
 * timers count whole milliseconds from the loop's cached time and fire when the loop next looks:
 * 0-2 ms late on a quiet machine, and later when the turn they fall due in is busy with other work
 * (a trigger request that arrives at the same moment). An aimed timer sets a Node timer for the
 * whole milliseconds up to `COARSE_EARLY_MS` before the moment, then one shared check per turn of
 * the loop (`setImmediate`) that sleeps up to `SLICE_MS` at a time and lets the loop read I/O in
 * between, and watches the high-resolution clock for the last ~0.1 ms. All aimed timers near their
 * moment share that one check, so many of them cost one callback per turn, not one each; a moment
 * costs ~8 turns and ~0.1 ms of CPU (decision 0054).
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
      else if (nearTimers.delete(entry)) {
        if (entry.at === firstAt) firstAt = earliestNear();
        if (afterNear.length > 0) releaseAfterNear();
      }
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
 * The longest the check sleeps in one turn of the loop (Atomics.wait: no CPU, no garbage) before
 * the loop reads I/O again. A check on every turn with nothing else to do spun the loop ~1 400
 * times a send, each turn an Immediate: ~140 KiB of garbage and ~1.2 ms of CPU a send, most of
 * what a delayed delivery cost (decision 0054). Slices of 0.2 ms make it ~8 turns, and hold a
 * request that comes meanwhile 0.2 ms at most (~1 ms when other work keeps both cores busy).
 */
const SLICE_MS = 0.2;
/** How much sooner than the moment the last sleep ends: a sleep ends ~0.05-0.1 ms late; the rest is watched. */
const WAKE_EARLY_MS = 0.1;
/** What the check's sleep waits on: nothing ever wakes it, it times out. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));
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
 * Timers within SOON_MS of their moment, none fired or cancelled (both take it out); the check
 * runs on every turn (sleeping in slices) once one is within COARSE_EARLY_MS.
 */
const nearTimers = new Set<Entry>();
/**
 * The earliest moment among the near timers (Infinity when none), kept as they come and go: a
 * check that finds none due reads this one number instead of walking the set.
 */
let firstAt = Infinity;
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
  if (entry.at < firstAt) firstAt = entry.at;
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
  if (checking || firstAt === Infinity) return;
  const wait = Math.floor(firstAt - COARSE_EARLY_MS - performance.now());
  if (wait <= 0) {
    if (waking) clearTimeout(waking.timer), (waking = undefined);
    checking = setImmediate(check);
    return;
  }
  if (waking && waking.first <= firstAt) return;
  if (waking) clearTimeout(waking.timer);
  const timer = setTimeout(() => {
    waking = undefined;
    plan();
  }, wait);
  timer.unref?.();
  waking = { timer, first: firstAt };
}

function check(): void {
  checking = undefined;
  // The near timers were all cancelled since this check was planned: nothing to sleep for.
  if (firstAt === Infinity) return;
  let now = performance.now();
  if (now < firstAt) {
    // Not due yet: sleep a slice of the wait and let the loop read I/O, or, in the last slice,
    // sleep to just short of the moment (a sleep ends ~0.1 ms late) and watch the clock.
    const left = firstAt - now;
    if (left > SLICE_MS) {
      Atomics.wait(sleeper, 0, 0, SLICE_MS);
      return plan();
    }
    if (left > WAKE_EARLY_MS) Atomics.wait(sleeper, 0, 0, left - WAKE_EARLY_MS);
    while ((now = performance.now()) < firstAt);
  }
  const due: Entry[] = [];
  for (const entry of nearTimers) {
    if (entry.at <= now) {
      nearTimers.delete(entry);
      entry.done = true;
      due.push(entry);
    }
  }
  firstAt = earliestNear();
  // The next look is planned before the callbacks run, so one that throws does not strand the rest.
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

/** The earliest moment among the near timers, walking them (when one leaves: a fire or a cancel). */
function earliestNear(): number {
  let first = Infinity;
  for (const entry of nearTimers) if (entry.at < first) first = entry.at;
  return first;
}

/** Ends the waits whose near timers have all fired (after the sends of this check) or were cancelled. */
function releaseAfterNear(): void {
  const waiting = afterNear;
  afterNear = [];
  for (const w of waiting) {
    if (w.until < firstAt) w.resolve();
    else afterNear.push(w);
  }
}
