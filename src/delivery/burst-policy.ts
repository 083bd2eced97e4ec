/**
 * When deliveries become a burst: the point at which the `auto` transport stops sending on
 * `node:http` and loads undici, which costs memory to hold (3-14 MiB in an idle process) but less
 * CPU per attempt (docs/decisions/0037). A pure function of what the transport has seen.
 */

/** Overlapping attempts started since `since` (ms), counted in windows of `BurstLimits.windowMs`. */
export interface RateWindow {
  since: number;
  count: number;
}

export interface BurstLimits {
  /** The window attempts are counted in, ms. */
  windowMs: number;
  /** Attempts started within one window, each while another was in flight, that make a burst. */
  perWindow: number;
  /** Attempts in flight at once that make a burst. */
  inFlight: number;
}

/** 50 overlapping attempts a second, or 8 at once: a schedule or a test's triggers in sequence stay under it. */
export const DEFAULT_BURST_LIMITS: BurstLimits = { windowMs: 1000, perWindow: 50, inFlight: 8 };

/**
 * Counts one attempt started at `now` with `inFlight` attempts (this one included) in flight, and
 * says whether that makes a burst. Only attempts that overlap another count towards the window: a
 * sequence whose attempts are each answered before the next starts (a test's trigger ->
 * waitFor loop, a schedule to a quick receiver) is never a burst, however quick; one kept-alive
 * `node:http` connection serves it, and loading undici in the middle of it was the slowest round
 * of the loop (decision 0047). A window older than `windowMs` starts again at `now`.
 *
 * @example
 *   countAttempt({ since: 0, count: 49 }, 500, 2, DEFAULT_BURST_LIMITS) // { window: { since: 0, count: 50 }, burst: true }
 *   countAttempt({ since: 0, count: 49 }, 500, 1, DEFAULT_BURST_LIMITS) // { window: { since: 0, count: 49 }, burst: false }
 *   countAttempt({ since: 0, count: 49 }, 1500, 2, DEFAULT_BURST_LIMITS) // { window: { since: 1500, count: 1 }, burst: false }
 */
export function countAttempt(window: RateWindow, now: number, inFlight: number, limits: BurstLimits): { window: RateWindow; burst: boolean } {
  if (inFlight < 2) return { window, burst: inFlight >= limits.inFlight };
  const next = now - window.since >= limits.windowMs || now < window.since ? { since: now, count: 1 } : { since: window.since, count: window.count + 1 };
  return { window: next, burst: next.count >= limits.perWindow || inFlight >= limits.inFlight };
}
