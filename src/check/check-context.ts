import type { ScriptedOutcome } from '../config/delivery-config.js';
import type { CheckCallback } from '../contract/check-schemas.js';
import type { AccountEvent } from '../core/event.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { Random } from '../core/random.js';
import type { SubjectRequest } from '../core/subject.js';
import type { Delivery } from '../delivery/delivery-domain.js';
import type { Verdict } from './judge.js';

/** What one check run sends, settled from the request and the defaults. */
export interface CheckPlan {
  id: string;
  /** The receiver's URL; `{type}` becomes the event type. */
  forwardTo: string;
  types: readonly EventType[];
  versions: readonly PayloadVersion[];
  seed: number;
  /** The deadline every answer must meet (Solar Proof: 5000). */
  timeoutMs: number;
  /** Deliveries sent at once by the burst case. */
  burst: number;
  /** The account events happen in (and whose data-API calls are the receiver's callbacks). */
  apiKey: string;
  /** How long the slow-body case dribbles a body: well inside the deadline. */
  slowBodyMs: number;
}

/** How one delivery of a case goes out. */
export interface SendOptions {
  /** Per-attempt outcomes (`abort`, `malformedJson`, ...); `normal` past the end. */
  outcomes?: ScriptedOutcome[];
  /** Delays before each retry (default none: a case judges one answer). */
  retrySchedule?: number[];
  /** A variant of the event's payload to send instead (extra fields, nulls, ...). */
  payload?: unknown;
}

/** What a case gets to work with: it sends through the real delivery engine, and waits on the journal. */
export interface CaseContext {
  readonly plan: CheckPlan;
  /** The check's own seeded choices (which type a case uses). */
  readonly random: Random;
  /** Makes an event happen in the check's account, rendered in `version`. */
  happen(type: EventType, version: PayloadVersion, subject?: SubjectRequest): AccountEvent;
  /** Sends `event` to its type's URL as one delivery; returns its journal id. */
  send(event: AccountEvent, options?: SendOptions): string;
  /** Resolves with the deliveries (in the order of `ids`) once every one has settled; undefined for one that did not in time. */
  settled(ids: readonly string[]): Promise<(Delivery | undefined)[]>;
  /** The receiver's data-API calls heard so far during this case. */
  callbacks(): readonly CheckCallback[];
  /** Waits `ms` of real time (for callbacks a receiver makes after it answered). */
  pause(ms: number): Promise<void>;
}

/** One case of the battery, as data: a stable id, a title, where it comes from, and how it runs. */
export interface CaseSpec {
  id: string;
  title: string;
  /** The Solar Proof doc sentence or practice it comes from. */
  source: string;
  run(ctx: CaseContext): Promise<Verdict> | Verdict;
}

/** How a payload version's form is named in a reason: "the v1 object form of customer_status_change". */
export function formOf(type: EventType, version: PayloadVersion): string {
  const shape = version === 'v1' || type === 'customer_created' ? 'object' : 'array';
  return `the ${version} ${shape} form of ${type}`;
}

/** A seeded pick from a non-empty list. */
export function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(0, list.length - 1)]!;
}
