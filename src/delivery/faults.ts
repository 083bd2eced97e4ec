import type { EventType } from '../core/event-types.js';
import type { FaultName, Faults, ScriptedOutcome } from '../config/delivery-config.js';
import type { Random } from '../core/random.js';

/** Faults that concern a whole delivery: drawn once, on its first attempt. */
export const DELIVERY_FAULTS = ['drop', 'duplicate', 'reorder'] as const satisfies readonly FaultName[];
/** Faults on the outgoing request itself: drawn on every attempt. */
export const REQUEST_FAULTS = [
  'abort',
  'truncate',
  'malformedJson',
  'wrongContentType',
  'slowBody',
] as const satisfies readonly FaultName[];
export type RequestFault = (typeof REQUEST_FAULTS)[number];

/** The fault rules in force for one delivery (global probabilities overlaid by its type's). */
export interface FaultRules {
  probabilities: Record<FaultName, number>;
  /** Scripted outcomes by attempt (outcomes[0] is attempt 1), when a script matches. */
  scripted: readonly ScriptedOutcome[] | undefined;
  reorderWindowMs: number;
}

/** What happens to one attempt. */
export interface FaultPlan {
  fault: FaultName | null;
  /** `scripted` when the outcome came from `delivery.faults.scripted`. */
  source: 'scripted' | 'random' | null;
  /** For `reorder`: how long the attempt is held back before it is sent. */
  holdMs: number;
}

const ALL_FAULTS: readonly FaultName[] = [...DELIVERY_FAULTS, ...REQUEST_FAULTS];
const NO_FAULT: FaultPlan = { fault: null, source: null, holdMs: 0 };

/**
 * The fault (at most one) for attempt `attempt` of a delivery. A scripted outcome for that
 * attempt wins (`normal` means none); past the end of the script, or with no script, faults are
 * drawn: on attempt 1 from every fault, later only from the request faults (a delivery is
 * dropped, duplicated or reordered once, not per retry). One uniform draw is compared with the
 * probabilities added up in `FAULT_NAMES` order, so each fault happens with exactly its own
 * probability while they add up to at most 1.
 *
 * @example
 *   pickFault({ probabilities: { ...zero, drop: 1 }, scripted: undefined, reorderWindowMs: 0 }, 1, random)
 *   // { fault: 'drop', source: 'random', holdMs: 0 }
 */
export function pickFault(rules: FaultRules, attempt: number, random: Random): FaultPlan {
  const scripted = rules.scripted?.[attempt - 1];
  if (scripted !== undefined) {
    if (scripted === 'normal') return NO_FAULT;
    return { fault: scripted, source: 'scripted', holdMs: holdFor(scripted, rules, random) };
  }
  const candidates: readonly FaultName[] = attempt === 1 ? ALL_FAULTS : REQUEST_FAULTS;
  let total = 0;
  for (const name of candidates) total += rules.probabilities[name];
  if (total === 0) return NO_FAULT;
  const r = random.next();
  let acc = 0;
  for (const name of candidates) {
    acc += rules.probabilities[name];
    if (r < acc) return { fault: name, source: 'random', holdMs: holdFor(name, rules, random) };
  }
  return NO_FAULT;
}

function holdFor(fault: FaultName, rules: FaultRules, random: Random): number {
  return fault === 'reorder' ? Math.round(random.next() * rules.reorderWindowMs) : 0;
}

/**
 * The rules for a delivery of `type` to `hookUrl`: `byType[type]` replaces the global
 * probabilities it names; the first `scripted` entry matching the subscription id or hook URL
 * (and the type, when the entry names one) supplies the script.
 */
export function faultRulesFor(
  faults: Faults,
  target: { hookUrl: string; type: EventType; subscriptionId: string },
): FaultRules {
  const overrides = faults.byType[target.type] ?? {};
  const probabilities: Record<FaultName, number> = {
    drop: overrides.drop ?? faults.drop,
    duplicate: overrides.duplicate ?? faults.duplicate,
    reorder: overrides.reorder ?? faults.reorder,
    abort: overrides.abort ?? faults.abort,
    truncate: overrides.truncate ?? faults.truncate,
    malformedJson: overrides.malformedJson ?? faults.malformedJson,
    wrongContentType: overrides.wrongContentType ?? faults.wrongContentType,
    slowBody: overrides.slowBody ?? faults.slowBody,
  };
  const script = faults.scripted.find(
    (s) =>
      (s.hookUrl === undefined || s.hookUrl === target.hookUrl) &&
      (s.subscriptionId === undefined || s.subscriptionId === target.subscriptionId) &&
      (s.type === undefined || s.type === target.type),
  );
  return { probabilities, scripted: script?.outcomes, reorderWindowMs: faults.reorderWindowMs };
}

/**
 * `faultRulesFor`, worked out once per (faults config, type, subscription, hook URL): the config
 * object is replaced on every change, so a new one starts a new table.
 */
export class FaultRulesCache {
  private readonly byConfig = new WeakMap<Faults, Map<string, FaultRules>>();

  get(faults: Faults, target: { hookUrl: string; type: EventType; subscriptionId: string }): FaultRules {
    let table = this.byConfig.get(faults);
    if (!table) this.byConfig.set(faults, (table = new Map()));
    const key = `${target.type} ${target.subscriptionId} ${target.hookUrl}`;
    let rules = table.get(key);
    if (!rules) {
      rules = faultRulesFor(faults, target);
      if (table.size > 10_000) table.clear();
      table.set(key, rules);
    }
    return rules;
  }
}

/** The request fault of a plan, if its fault is one (the others act on the delivery, not the request). */
export function requestFault(plan: FaultPlan): RequestFault | null {
  switch (plan.fault) {
    case 'abort':
    case 'truncate':
    case 'malformedJson':
    case 'wrongContentType':
    case 'slowBody':
      return plan.fault;
    case 'drop':
    case 'duplicate':
    case 'reorder':
    case null:
      return null;
    default: {
      const unknown: never = plan.fault;
      throw new Error(`unknown fault ${String(unknown)}`);
    }
  }
}
