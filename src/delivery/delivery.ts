import type { EventType } from '../core/event-types.js';
import type { FaultName } from '../config/delivery-config.js';
import type { AccountEvent } from '../core/event.js';
import type { NetworkFailure } from './transport.js';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'dropped', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export type TerminalState = Exclude<DeliveryState, 'pending'>;

/** What one attempt came to, as named in the journal. */
export type AttemptOutcome =
  | 'success'
  | 'http_error'
  | 'timeout'
  | NetworkFailure
  | 'injected_drop'
  | 'injected_abort'
  | 'cancelled';

export interface Attempt {
  number: number;
  /** Wall-clock ms when the request started (after any injected latency). */
  startedAt: number;
  durationMs: number;
  outcome: AttemptOutcome;
  status?: number;
  error?: string;
  /** The receiver's answer, first 2 KB. */
  responseBody?: string;
  /** The injected fault applied to this attempt, if any; `duplicate` marks the second copy. */
  fault?: FaultName;
  /** Injected latency (and reorder hold) waited before this attempt. */
  latencyMs?: number;
}

/**
 * What the journal keeps of an event: its serialised body, not the parsed payload (which would
 * double the memory per record); views parse the body back. Shared by all the event's deliveries.
 */
export type JournalEvent = Pick<AccountEvent, 'id' | 'type' | 'apiKey' | 'body'>;

/** Keeps only what the journal needs of an event (one object per event, shared by its deliveries). */
export function journalEvent(event: JournalEvent): JournalEvent {
  return { id: event.id, type: event.type, apiKey: event.apiKey, body: event.body };
}

/** One event going to one subscription. */
export interface Delivery {
  id: string;
  event: JournalEvent;
  hookUrl: string;
  apiKey: string;
  subscriptionId: string;
  state: DeliveryState;
  attempts: Attempt[];
  createdAt: number;
  settledAt?: number;
  /** Wall-clock ms of the next scheduled attempt while pending. */
  nextAttemptAt?: number;
  /** Set on a delivery made by `redeliver`: the id it repeats. */
  redeliveryOf?: string;
  /** Why a `cancelled` delivery was cancelled. */
  cancelReason?: 'unsubscribed' | 'gone' | 'reset' | 'close';
}

/** The journal's JSON shape (DESIGN.md), plus a few extra fields. */
export interface DeliveryView {
  id: string;
  eventId: string;
  type: EventType;
  hookUrl: string;
  apiKey: string;
  state: DeliveryState;
  payload?: unknown;
  attempts: Array<Omit<Attempt, 'startedAt'> & { startedAt: string }>;
  subscriptionId: string;
  createdAt: string;
  settledAt?: string;
  nextAttemptAt?: string;
  redeliveryOf?: string;
  cancelReason?: Delivery['cancelReason'];
}

export function toView(d: Delivery, options: { payload?: boolean } = {}): DeliveryView {
  return {
    id: d.id,
    eventId: d.event.id,
    type: d.event.type,
    hookUrl: d.hookUrl,
    apiKey: d.apiKey,
    state: d.state,
    ...(options.payload === false ? {} : { payload: JSON.parse(d.event.body) as unknown }),
    attempts: d.attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt).toISOString() })),
    subscriptionId: d.subscriptionId,
    createdAt: new Date(d.createdAt).toISOString(),
    ...(d.settledAt === undefined ? {} : { settledAt: new Date(d.settledAt).toISOString() }),
    ...(d.nextAttemptAt === undefined ? {} : { nextAttemptAt: new Date(d.nextAttemptAt).toISOString() }),
    ...(d.redeliveryOf === undefined ? {} : { redeliveryOf: d.redeliveryOf }),
    ...(d.cancelReason === undefined ? {} : { cancelReason: d.cancelReason }),
  };
}

/** Journal filters; a list field matches any of its values. */
export interface DeliveryFilter {
  id?: readonly string[];
  type?: readonly string[];
  hookUrl?: readonly string[];
  state?: readonly DeliveryState[];
  eventId?: readonly string[];
  apiKey?: readonly string[];
}

export function matchesFilter(d: Delivery, f: DeliveryFilter): boolean {
  return (
    (f.id === undefined || f.id.includes(d.id)) &&
    (f.type === undefined || f.type.includes(d.event.type)) &&
    (f.hookUrl === undefined || f.hookUrl.includes(d.hookUrl)) &&
    (f.state === undefined || f.state.includes(d.state)) &&
    (f.eventId === undefined || f.eventId.includes(d.event.id)) &&
    (f.apiKey === undefined || f.apiKey.includes(d.apiKey))
  );
}
