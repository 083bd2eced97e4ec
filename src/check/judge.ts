import type { Attempt, Delivery } from '../delivery/delivery-domain.js';

/**
 * Judging what a receiver answered, as sentences a person can act on. Pure: a case hands it the
 * settled delivery from the journal and a few words saying what was sent.
 */

/** What a case decided. */
export type Verdict = { state: 'passed'; note?: string } | { state: 'failed'; reason: string; note?: string } | { state: 'skipped'; reason: string };

export const passed = (note?: string): Verdict => (note === undefined ? { state: 'passed' } : { state: 'passed', note });
export const failed = (reason: string): Verdict => ({ state: 'failed', reason });
export const skipped = (reason: string): Verdict => ({ state: 'skipped', reason });

/** Seconds with one decimal: `6.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The first characters of a receiver's answer, on one line. */
export function snippet(body: string | undefined, max = 120): string {
  if (body === undefined || body === '') return '(empty)';
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${JSON.stringify(flat.slice(0, max))}...` : JSON.stringify(flat);
}

/** The deadline's words: Solar Proof's 5 s, or the check's own (shorter in tests). */
function deadlineWords(timeoutMs: number): string {
  return timeoutMs === 5000 ? 'Solar Proof allows 5 s' : `the check's deadline is ${seconds(timeoutMs)}; Solar Proof allows 5 s`;
}

/** Why an attempt was not a 2xx, or undefined when it was. `what` names what was sent ("the v1 object form of customer_created"). */
export function attemptProblem(a: Attempt | undefined, what: string, timeoutMs: number): string | undefined {
  if (a === undefined) return `nothing was sent for ${what} (the check was stopped)`;
  switch (a.outcome) {
    case 'success':
      return undefined;
    case 'http_error':
      return `answered ${a.status ?? '?'} to ${what}: body was ${snippet(a.responseBody)}`;
    case 'timeout':
      return `did not answer ${what} in time: cut off after ${seconds(a.durationMs)} (${deadlineWords(timeoutMs)})`;
    case 'connection_refused':
      return `nothing is listening for ${what} (connection refused)`;
    case 'connection_reset':
      return `closed the connection on ${what} without an answer (${a.error ?? 'connection reset'})`;
    case 'dns_error':
    case 'tls_error':
    case 'network_error':
    case 'blocked':
      return `could not be reached for ${what}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`;
    case 'injected_drop':
    case 'injected_abort':
      return `the last attempt of ${what} was cut off by the check itself (a bug of the check)`;
    case 'cancelled':
      return `the delivery of ${what} was cancelled (the emulator was reset or closed)`;
    default: {
      const unknown: never = a.outcome;
      return `unknown outcome ${String(unknown)}`;
    }
  }
}

/** The last attempt of a delivery. */
export function lastAttempt(d: Delivery | undefined): Attempt | undefined {
  return d?.attempts[d.attempts.length - 1];
}

/** A note when a 2xx was not a 200: Solar Proof's docs ask for 200. */
export function statusNote(d: Delivery | undefined, what: string): string | undefined {
  const a = lastAttempt(d);
  return a?.outcome === 'success' && a.status !== 200 ? `answered ${a.status} to ${what}; Solar Proof's docs ask for 200 (any 2xx is taken as success here)` : undefined;
}

/** An answer that was not a 5xx, a timeout or a network failure: a 2xx or a 4xx. */
export function answeredWithout5xx(a: Attempt | undefined): boolean {
  return a !== undefined && (a.outcome === 'success' || (a.outcome === 'http_error' && (a.status ?? 500) < 500));
}

/** True when nothing answered at all (the receiver is not there): the remaining cases are skipped. */
export function unreachable(a: Attempt | undefined): boolean {
  return a !== undefined && (a.outcome === 'connection_refused' || a.outcome === 'dns_error' || a.outcome === 'blocked' || a.outcome === 'tls_error');
}

/** Every delivery answered 2xx: undefined; else the first problem with a count. */
export function allAnswered(deliveries: readonly (Delivery | undefined)[], what: (i: number) => string, timeoutMs: number): string | undefined {
  const problems = deliveries.map((d, i) => attemptProblem(lastAttempt(d), what(i), timeoutMs)).filter((p): p is string => p !== undefined);
  if (problems.length === 0) return undefined;
  if (deliveries.length === 1) return problems[0];
  const counts = new Map<string, number>();
  for (const d of deliveries) {
    const a = lastAttempt(d);
    if (a?.outcome === 'success') continue;
    const key = a?.outcome === 'http_error' ? String(a.status) : (a?.outcome ?? 'not sent');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const byKind = [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
  return `${problems.length} of ${deliveries.length} were not answered 2xx in time (${byKind}); the first: ${problems[0]}`;
}
