import type { RegisteredPayloadItem } from '../contract/payload-types.js';
import type { DeliveryState, StatsView, TriggerFields } from '../contract/wire-types.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { DeliveryChange } from './open-delivery-stream.js';

/** Every field optional, all the way down (arrays: of partial elements). */
export type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A JSON merge patch (RFC 7386) of `T`: every key optional, objects patched key by key, arrays
 * replaced whole, and `null` removing a key so its default applies again.
 */
export type MergePatch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatch<T[K]> | null } : T;

/** `trigger`'s options, with `overrides` typed by the payload of (T, V). */
export interface TypedTriggerOptions<T extends EventType, V extends PayloadVersion> extends Omit<TriggerOptions, 'overrides'> {
  /** Payload fields to set (each element of an array payload): typed by the event type and payload version. */
  overrides?: DeepPartial<RegisteredPayloadItem<T, V>>;
}

/** `trigger`'s options: the trigger body's fields besides `type` (see `TriggerFields`). */
export type TriggerOptions = TriggerFields;

export interface TriggeredEvent<P = unknown> {
  id: string;
  type: EventType;
  payload: P;
}

export interface TriggerResult<P = unknown> {
  events: TriggeredEvent<P>[];
  /** Ids of the deliveries made, one per (event x matching subscription). */
  deliveries: string[];
}

export interface DeliveryFilter {
  type?: EventType;
  hookUrl?: string;
  state?: DeliveryState;
  eventId?: string;
  limit?: number;
  /** `waitFor` only: deliveries whose payload names this customer (v2 `customer_id`, v1 `pkcustomerid`/`fkcustomerid`). */
  customerId?: number | string;
  /** `waitFor` only: deliveries whose payload names this project (v2 `project_id`, v1 `pkcustomerquotationid`). */
  projectId?: number | string;
}

/** Stream filters: each field takes one value or a list (matching any of them); fields combine. */
export interface DeliveryStreamFilter {
  id?: string | readonly string[];
  type?: EventType | readonly EventType[];
  hookUrl?: string | readonly string[];
  state?: DeliveryState | readonly DeliveryState[];
  eventId?: string | readonly string[];
  apiKey?: string | readonly string[];
}

export interface DeliveryStreamOptions {
  /** Aborting ends the iteration (a `for await` loop simply finishes) and closes the connection. */
  signal?: AbortSignal;
  /** Include each delivery's payload (default false: the stream stays light). */
  payload?: boolean;
  /**
   * Only these changes (default: every change). `'settled'` gives one message per delivery, when it
   * settles: a third of the bytes, for a client that only counts outcomes.
   */
  change?: DeliveryChange['change'] | readonly DeliveryChange['change'][];
}

/** A scenario as `GET /_emulator/scenarios` lists it. */
export interface ScenarioSummary {
  name: string;
  description: string;
  /** `built-in`, or the file it was read from. */
  source: string;
  customerType?: string;
  /** How many steps it has. */
  steps: number;
  types: EventType[];
}

export interface WaitForOptions {
  /** How many matching deliveries to wait for (default 1). */
  min?: number;
  /** Give up after this long (default 10 000 ms) with a WaitForTimeoutError saying what matched. */
  timeoutMs?: number;
  /**
   * With a `state` in the filter: give up as soon as every delivery matching the other fields
   * has settled in another state and too few reached it (default true), with a
   * WaitForTimeoutError saying how each ended. `false` waits the whole timeout (for deliveries
   * that are not made yet, e.g. waiting before triggering into an account that had failures).
   */
  failFast?: boolean;
}

/** `GET /_emulator/stats`: counts by state, attempts by outcome, in flight, queued, the journal, retry delays, dropped logs. */
export type Stats = StatsView;
