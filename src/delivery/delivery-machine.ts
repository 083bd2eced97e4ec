import type { RetryPolicy } from '../config/delivery-config.js';
import type { Random } from '../core/random.js';
import type { AttemptOutcome, TerminalState } from './delivery.js';
import type { FaultPlan } from './faults.js';
import { nextAttemptDelay, parseRetryAfter } from './retry-policy.js';
import type { TransportOutcome } from './transport.js';

/**
 * A delivery's life, as the engine runs it:
 *
 *   pending --(latency + hold)--> attempt --success------------------------> delivered
 *                                   |  \--random drop------------------------> dropped
 *                                   |  \--410 with unsubscribeOnGone---------> failed (+ unsubscribe)
 *                                   |  \--blocked by the hook-host rules------> failed (no retry)
 *                                   \--failure--> retry left? --yes--> (retry delay) attempt
 *                                                        \--no--> failed (dropped if the last attempt was a scripted drop)
 *   any pending delivery --unsubscribe / reset / close--> cancelled
 *
 * This module holds the pure decisions; delivery-engine.ts applies them.
 */
export type Step = { next: 'retry'; delayMs: number } | { next: 'settle'; state: TerminalState; unsubscribe: boolean };

/** An attempt's result: what the transport saw, or that the attempt was dropped unsent. */
export type AttemptResult = TransportOutcome | { kind: 'dropped' };

export interface DecisionContext {
  attempt: number;
  plan: FaultPlan;
  successStatus: '2xx' | '200';
  retry: RetryPolicy;
  /** Draws the retry jitter for this delivery and attempt. */
  random: Random;
  nowMs: number;
}

export function isSuccessStatus(status: number, rule: '2xx' | '200'): boolean {
  return rule === '200' ? status === 200 : status >= 200 && status < 300;
}

/** The journal's name for an attempt's result. */
export function attemptOutcome(result: AttemptResult, successStatus: '2xx' | '200'): AttemptOutcome {
  switch (result.kind) {
    case 'response':
      return isSuccessStatus(result.status, successStatus) ? 'success' : 'http_error';
    case 'timeout':
      return 'timeout';
    case 'network':
      return result.failure;
    case 'aborted':
      return 'injected_abort';
    case 'dropped':
      return 'injected_drop';
    case 'cancelled':
      return 'cancelled';
    default: {
      const unknown: never = result;
      throw new Error(`unknown attempt result ${JSON.stringify(unknown)}`);
    }
  }
}

/** What follows an attempt: another attempt after a delay, or a terminal state. */
export function afterAttempt(result: AttemptResult, ctx: DecisionContext): Step {
  if (result.kind === 'cancelled') return settle('cancelled');
  if (result.kind === 'dropped' && ctx.plan.source === 'random') return settle('dropped');
  // The hook-host rules refused the URL: no retry would pass them (decision 0025).
  if (result.kind === 'network' && result.failure === 'blocked') return settle('failed');
  if (result.kind === 'response') {
    if (isSuccessStatus(result.status, ctx.successStatus)) return settle('delivered');
    if (result.status === 410 && ctx.retry.unsubscribeOnGone) return settle('failed', true);
  }
  const response =
    result.kind === 'response'
      ? { status: result.status, retryAfterMs: parseRetryAfter(result.retryAfter, ctx.nowMs) }
      : undefined;
  const delayMs = nextAttemptDelay(ctx.attempt, ctx.retry, ctx.random, response);
  if (delayMs === null) return settle(result.kind === 'dropped' ? 'dropped' : 'failed');
  return { next: 'retry', delayMs };
}

function settle(state: TerminalState, unsubscribe = false): Step {
  return { next: 'settle', state, unsubscribe };
}

/**
 * The engine's strict deadline: an answer measured past `timeoutMs` is a timeout, whatever status
 * the transport reported. A stalled event loop can hand a late answer to the sender as if it were
 * on time; Solar Proof's rule is "200 within 5 seconds". A network failure keeps its name (a
 * refused connection is not a late answer), and so do injected aborts and cancellations.
 *
 * @example enforceDeadline({ kind: 'response', status: 200, durationMs: 6005, responseBody: '' }, 6005, 5000) // { kind: 'timeout', durationMs: 6005 }
 */
export function enforceDeadline(result: TransportOutcome, measuredMs: number, timeoutMs: number): TransportOutcome {
  if (measuredMs <= timeoutMs) return result;
  switch (result.kind) {
    case 'response':
      return { kind: 'timeout', durationMs: measuredMs };
    case 'network':
    case 'timeout':
    case 'aborted':
    case 'cancelled':
      return result;
    default: {
      const unknown: never = result;
      throw new Error(`unknown transport outcome ${JSON.stringify(unknown)}`);
    }
  }
}
