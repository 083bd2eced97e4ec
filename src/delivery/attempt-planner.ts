import type { DeliveryConfig } from '../config/delivery-config.js';
import type { EventType } from '../core/event-types.js';
import type { Random } from '../core/random.js';
import { afterAttempt, type AttemptResult, type Step } from './delivery-machine.js';
import { FaultRulesCache, pickFault, type FaultPlan } from './faults.js';
import { lazyFork } from './lazy-fork.js';
import { sampleLatency } from './latency.js';

/**
 * Planning: what happens next to a delivery, decided purely from the settings, the delivery and
 * its own random streams (keyed by delivery id and attempt number, so no decision depends on
 * network timing or on what else is running). The engine applies the decisions.
 */

/** The fault, latency and number of one attempt, fixed when it is planned. */
export interface PlannedAttempt {
  number: number;
  plan: FaultPlan;
  /** Injected latency plus any reorder hold, in (unscaled) ms. */
  latencyMs: number;
}

/** The engine's random streams, forked once from its root stream. */
export interface PlanningStreams {
  faults: Random;
  latency: Random;
  jitter: Random;
  /** Fault rules by (config, target), so an attempt does not rebuild them. */
  rules: FaultRulesCache;
}

/** What planning reads of a delivery. */
export interface PlanTarget {
  id: string;
  hookUrl: string;
  subscriptionId: string;
  event: { type: EventType };
}

/** The streams of an engine whose root stream is `random` (fixed labels: a seed replays the same decisions). */
export function planningStreams(random: Random): PlanningStreams {
  return { faults: random.fork('faults'), latency: random.fork('latency'), jitter: random.fork('jitter'), rules: new FaultRulesCache() };
}

export type PlanningSettings = Pick<DeliveryConfig, 'faults' | 'latency' | 'latencyByType' | 'retry' | 'successStatus'>;

/**
 * Attempt `number` of `target`: its fault and its injected latency (plus any reorder hold).
 * `latency: false` plans without latency (a delivery resumed from a state document keeps its due time).
 *
 * @example planAttempt(streams, settings, { id: 'dlv_1', hookUrl, subscriptionId: 'sub_1', event: { type: 'customer_created' } }, 1)
 *   // { number: 1, plan: { fault: null, source: null, holdMs: 0 }, latencyMs: 0 }
 */
export function planAttempt(streams: PlanningStreams, settings: PlanningSettings, target: PlanTarget, number: number, latency = true): PlannedAttempt {
  const label = `${target.id}#${number}`;
  const rules = streams.rules.get(settings.faults, { hookUrl: target.hookUrl, type: target.event.type, subscriptionId: target.subscriptionId });
  const plan = pickFault(rules, number, lazyFork(streams.faults, label));
  if (!latency) return { number, plan, latencyMs: 0 };
  const dist = settings.latencyByType[target.event.type] ?? settings.latency;
  const latencyMs = sampleLatency(dist, lazyFork(streams.latency, label));
  return { number, plan, latencyMs: latencyMs + plan.holdMs };
}

/**
 * After attempt `planned` of delivery `id` came to `result`: retry after `delayMs`, or settle
 * in a terminal state (and unsubscribe the hook URL on a 410, when so configured).
 */
export function planAfter(streams: PlanningStreams, settings: PlanningSettings, id: string, planned: PlannedAttempt, result: AttemptResult, nowMs: number): Step {
  return afterAttempt(result, {
    attempt: planned.number,
    plan: planned.plan,
    successStatus: settings.successStatus,
    retry: settings.retry,
    random: lazyFork(streams.jitter, `${id}#${planned.number}`),
    nowMs,
  });
}

/** An attempt's `latencyMs` as recorded: only when it waited. */
export function latencyField(latencyMs: number): number | undefined {
  return latencyMs > 0 ? latencyMs : undefined;
}
