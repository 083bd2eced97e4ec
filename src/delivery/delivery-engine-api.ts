import type { Clock } from '../core/clock.js';
import type { DeliveryConfig } from '../config/delivery-config.js';
import type { AccountEvent } from '../core/event.js';
import type { EventType } from '../core/event-types.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { Subscription, SubscriptionFilter, RemovalReason } from '../solarproof/subscription-store.js';
import type { Delivery, DeliveryFilter, WaitEndReason } from './delivery.js';
import type { ChangeListener } from './delivery-journal.js';
import type { StatsObserver, StatsSnapshot } from './delivery-stats.js';
import type { Transport } from './transport.js';
import type { DeliveryOptions } from './attempt-planner.js';

export type { DeliveryOptions } from './attempt-planner.js';

/**
 * What the delivery engine offers (`DeliveryEngine`) and what it needs (`DeliveryEngineDeps`);
 * `delivery-engine.ts` builds one from the other.
 */
export type CancelReason = NonNullable<Delivery['cancelReason']>;

/** The delivery engine: fan-out of events to subscriptions, attempts, retries and the journal. */
export interface DeliveryEngine {
  /**
   * One delivery per subscription of the event's account and type; returns their ids. `elapsed`
   * gives the real ms since the trigger arrived: the first attempt's injected latency counts from
   * then (on a clock that can aim; decision 0034), not from now.
   */
  deliver(event: AccountEvent, elapsed?: () => number): string[];
  /**
   * One delivery of `event` to `to.hookUrl`, outside the subscriptions (the receiver check),
   * sent with `options` in place of the settings in force; journaled like any other. Returns its
   * id. Throws SHUTTING_DOWN while draining and TOO_MANY_PENDING past `delivery.maxPending`.
   */
  deliverTo(event: AccountEvent, to: { hookUrl: string; subscriptionId: string }, options: DeliveryOptions): string;
  /**
   * Refuses (throws a 429 TOO_MANY_PENDING) when `events` events of `type` for `apiKey` would fan
   * out to more pending deliveries than `delivery.maxPending` allows; creates nothing either way.
   */
  admit(apiKey: string, type: EventType, events: number): void;
  /**
   * Back-pressure for triggers (`delivery.sendQueue`): undefined when fewer than `max` deliveries
   * wait to be sent (queued for a slot or in flight); otherwise a promise that resolves when one
   * is answered, or rejects with 429 SEND_QUEUE_FULL after `waitMs` (SHUTTING_DOWN on a drain).
   * Throws SHUTTING_DOWN at once while draining.
   */
  whenRoom(signal?: AbortSignal | (() => AbortSignal)): Promise<void> | undefined;
  /**
   * Sends a delivery again as a new delivery (`redeliveryOf` names the original); undefined if
   * unknown. Throws TOO_MANY_PENDING when `delivery.maxPending` deliveries are already pending.
   */
  redeliver(id: string): Delivery | undefined;
  get(id: string): Delivery | undefined;
  query(filter: DeliveryFilter, options?: { limit?: number; order?: 'asc' | 'desc' }): { deliveries: Delivery[]; total: number };
  /**
   * Resolves once at least `min` deliveries match (at once if they already do), or after
   * `timeoutMs` with what matches then. `signal` stops the wait early (the client went away). A
   * reset or a shutdown answers it at once with the deliveries it had matched and a `reason`.
   *
   * @example await emu.delivery.waitFor({ state: ['delivered'] }, 3, 5000)
   */
  waitFor(
    filter: DeliveryFilter,
    min: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ deliveries: Delivery[]; timedOut: boolean; reason?: WaitEndReason }>;
  /** Hears of every created delivery, recorded attempt and settlement (the SSE stream uses this). */
  onChange(listener: ChangeListener): () => void;
  /** Hears once that the engine closes (shutdown): the SSE stream ends its clients, saying so. Returns the function that stops listening. */
  onClose(listener: () => void): () => void;
  /** Hears of each count as /stats makes it, with the event type and an attempt's duration (the metrics use this; cheaper than onChange: no copy). */
  observe(observer: StatsObserver): () => void;
  stats(): StatsSnapshot & { inFlight: number; queued: number; triggersWaiting: number; longPolls: number; journal: { size: number; maxDeliveries: number; evicted: number } };
  /** Cancels every pending delivery (`reset`), empties the journal and numbers from dlv_1 again. */
  reset(): void;
  /**
   * Compiles the delivery path before the first delivery needs it: one delivery in a sandbox
   * engine of the same code, sent nowhere (rehearse-delivery.ts; start-up's warm-up calls it).
   */
  warm?(): void;
  /** Cancels every pending delivery (`close`), releases waiters and closes the transport. */
  close(): void;
  /**
   * Graceful stop: refuses new deliveries (503 SHUTTING_DOWN) and starts no new attempt; lets the
   * attempts in flight (`sending`) finish, for up to `graceMs` of real time, and records their
   * real outcome; then closes (what is still waiting, queued or sending ends `cancelled`).
   * Resolves with how many attempts finished and how many were cut off.
   */
  drain(graceMs: number, beforeCancel?: () => void): Promise<{ finished: number; cutOff: number }>;
  /** The journal (pending deliveries with their due times included) and the id counter, for a state document. */
  snapshot(): DeliveriesState;
  /**
   * Replaces the journal with a snapshot's. Pending deliveries resume: the next attempt at its
   * saved due time (an overdue one, or one whose attempt was in flight when the state was saved,
   * at once). Ids continue after the saved counter; counts in /stats are rebuilt from the journal.
   */
  restore(state: DeliveriesState): void;
  /** The counter, the deliveries changed and the ids evicted since the last call (the data dir's log). */
  changes(): DeliveryChanges;
  /** A snapshot with change records applied, oldest first (recovery from the data dir's log). */
  replay(state: DeliveriesState, records: readonly unknown[]): DeliveriesState;
}

/** One record of the data dir's log for the journal: upserts by id and evictions. */
export interface DeliveryChanges {
  counter: number;
  put: Delivery[];
  drop: string[];
}

/** The engine's part of a state document. */
export interface DeliveriesState {
  /** The number of the last id issued (`dlv_<counter>`). */
  counter: number;
  /** The journal, oldest first. */
  deliveries: Delivery[];
}

/** What the engine reads and calls; the composition root hands it these. */
export interface DeliveryEngineDeps {
  /** The delivery settings in force, read when the engine acts (a config change applies to the next step). */
  settings(): DeliveryConfig & { timeScale: number };
  /** Hears of every config change (concurrency limits and the journal cap apply at once). */
  onSettingsChange(listener: () => void): void;
  /** Timestamps in the journal. */
  wallClock: Clock;
  /** Every wait the engine makes (retry delays, latency); scaled by timeScale. */
  clock: Clock;
  /** The engine's random stream: faults, latency and jitter fork from it. */
  random: Random;
  transport: Transport;
  logger: Logger;
  subscriptions: {
    list(filter: SubscriptionFilter): Subscription[];
    unsubscribe(apiKey: string, hookUrl: string, reason: 'gone'): Subscription[];
    onRemoved(listener: (removed: readonly Subscription[], reason: RemovalReason) => void): void;
  };
}
