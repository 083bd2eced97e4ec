import type { RetryPolicy } from '../config/delivery-config.js';
import type { Random } from '../core/random.js';

/** Statuses whose Retry-After header the retry policy honours. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/**
 * How long to wait before the attempt after `attempt` (1-based: 1 = the first attempt just
 * failed), or `null` when the policy is exhausted. A Retry-After (already in ms) on a 429/503
 * replaces the scheduled delay when `honorRetryAfter` is on, capped by `maxRetryAfterMs`; it
 * never adds a retry the policy does not have.
 *
 * `random` draws the jitter of the exponential form: pass a stream derived from the delivery
 * and attempt so the same seed gives the same delays whatever the network timing.
 *
 * @example
 *   nextAttemptDelay(1, { ...policy, schedule: [1000, 2000] }, random) // 1000
 *   nextAttemptDelay(3, { ...policy, schedule: [1000, 2000] }, random) // null
 */
export function nextAttemptDelay(
  attempt: number,
  policy: RetryPolicy,
  random: Random,
  response?: { status: number; retryAfterMs?: number },
): number | null {
  const scheduled = scheduledDelay(attempt, policy, random);
  if (scheduled === null) return null;
  if (
    policy.honorRetryAfter &&
    response?.retryAfterMs !== undefined &&
    RETRY_AFTER_STATUSES.has(response.status)
  ) {
    return Math.min(response.retryAfterMs, policy.maxRetryAfterMs);
  }
  return scheduled;
}

function scheduledDelay(attempt: number, policy: RetryPolicy, random: Random): number | null {
  const exp = policy.exponential;
  if (exp === null) return policy.schedule[attempt - 1] ?? null;
  if (attempt >= exp.maxAttempts) return null;
  const base = Math.min(exp.initialMs * exp.factor ** (attempt - 1), exp.maxDelayMs);
  const spread = exp.jitter === 0 ? 1 : 1 + exp.jitter * (2 * random.next() - 1);
  return Math.max(0, Math.round(base * spread));
}

/**
 * The retry delays a policy gives, without jitter: `schedule` as is, or the exponential form
 * expanded (for the README, `GET /_emulator/stats` and logs).
 *
 * @example
 *   retryDelays({ ...policy, exponential: { initialMs: 500, factor: 2, maxDelayMs: 3000, maxAttempts: 5, jitter: 0 } })
 *   // [500, 1000, 2000, 3000]
 */
export function retryDelays(policy: RetryPolicy): number[] {
  const exp = policy.exponential;
  if (exp === null) return [...policy.schedule];
  return Array.from({ length: exp.maxAttempts - 1 }, (_, i) =>
    Math.round(Math.min(exp.initialMs * exp.factor ** i, exp.maxDelayMs)),
  );
}

/**
 * A Retry-After header in ms: delta-seconds (`"120"`) or an HTTP-date relative to `nowMs`.
 * Anything else is undefined (the schedule then applies).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}
