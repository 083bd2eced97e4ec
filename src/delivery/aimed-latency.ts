import { monotonicMs, type Clock, type TimerHandle } from '../core/clock.js';

/**
 * How long before its moment an attempt with injected latency starts, in real ms: the send path to
 * a receiver on the same machine (timer to receiver ~1 ms), so the receiver gets it about `latency`
 * after the trigger reached the emulator; the trigger's handling is not waited again (its arrival
 * time counts, decision 0034; it was 2 ms when the latency counted from the plan, decision 0030).
 */
export const SEND_LEAD_MS = 1;

/**
 * How much sooner than its moment an attempt with injected latency is handed to a transport that
 * holds it until then (`Transport.sendsAt`: the sender thread, decision 0055), in real ms: more
 * than the main thread is busy at a time (a trigger's handling, a collection: ~1-5 ms), so the
 * hand-over is never what is late; the attempt holds its concurrency slot that much longer.
 */
export const HANDOFF_MS = 8;

/**
 * An attempt with injected latency, counted to its moment: the wait less the send lead and the
 * real ms `elapsed` since the trigger arrived (decision 0034). On a clock that can aim (the system
 * clock; aimed-timer.ts), `fn` runs aimed at the moment to a fraction of a ms; with `handOff` (the
 * transport holds requests: decision 0055) it runs HANDOFF_MS early on a plain timer instead, given
 * the moment (`monotonicMs()`) to hand over. A ManualClock waits exactly `wait`.
 */
export function aimedLatency(clock: Clock, fn: (sendAt?: number) => void, wait: number, timeScale: number, elapsed: (() => number) | undefined, handOff: boolean): TimerHandle {
  if (!clock.aimTimeout) return clock.setTimeout(() => fn(), wait);
  const gone = SEND_LEAD_MS + (elapsed ? Math.max(0, elapsed()) : 0);
  const aim = Math.max(0, wait - gone / timeScale);
  if (!handOff) return clock.aimTimeout(() => fn(), aim);
  const sendAt = monotonicMs() + aim * timeScale;
  return clock.setTimeout(() => fn(sendAt), Math.max(0, aim - HANDOFF_MS / timeScale));
}
