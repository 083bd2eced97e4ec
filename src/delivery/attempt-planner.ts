import type { DeliveryConfig, Faults, ScriptedOutcome } from '../config/delivery-config.js';
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
  /** The moment (`monotonicMs()`) it was handed over early for, to a transport that holds it (decision 0055). */
  sendAt?: number;
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

/**
 * Settings for one delivery alone, replacing those in force (the receiver check sends its cases
 * this way): a deadline, a retry schedule, and exact per-attempt outcomes; no injected latency
 * and no random faults, so a case measures the receiver and nothing else.
 */
export interface DeliveryOptions {
  timeoutMs: number;
  /** Delays before each retry; [] means none. */
  retrySchedule: readonly number[];
  /** Attempt 1 gets outcomes[0], ...; `normal` past the end. */
  outcomes: readonly ScriptedOutcome[];
  /** How long a `slowBody` outcome dribbles the body. */
  slowBodyMs: number;
}

const NO_FAULTS: Omit<Faults, 'scripted' | 'slowBodyMs'> = {
  drop: 0,
  duplicate: 0,
  reorder: 0,
  abort: 0,
  truncate: 0,
  malformedJson: 0,
  wrongContentType: 0,
  slowBody: 0,
  reorderWindowMs: 0,
  byType: {},
};

/** The faults of a delivery sent with `options`, made once per delivery (the rules cache keys on it). */
export function optionFaults(options: DeliveryOptions, hookUrl: string): Faults {
  const outcomes = options.outcomes.length > 0 ? [...options.outcomes] : (['normal'] as ScriptedOutcome[]);
  return { ...NO_FAULTS, slowBodyMs: options.slowBodyMs, scripted: [{ hookUrl, outcomes }] };
}

/**
 * The settings in force for a delivery sent with `options` (and its faults from `optionFaults`).
 *
 * @example withOptions(settings, { timeoutMs: 1000, retrySchedule: [], outcomes: ['abort'], slowBodyMs: 400 }, faults).timeoutMs // 1000
 */
export function withOptions<C extends PlanningSettings & { timeoutMs: number }>(settings: C, options: DeliveryOptions, faults: Faults): C {
  return {
    ...settings,
    timeoutMs: options.timeoutMs,
    successStatus: '2xx',
    latency: { distribution: 'none' },
    latencyByType: {},
    faults,
    retry: { ...settings.retry, schedule: [...options.retrySchedule], exponential: null, honorRetryAfter: false, unsubscribeOnGone: false },
  };
}
