import type { EventType } from '../core/event-types.js';
import type { FaultName } from '../config/delivery-config.js';
import type { AccountEvent } from '../core/event.js';
import type { NetworkFailure } from './transport.js';

/**
 * The delivery's words as plain, read-only values: what the journal hands out and what its
 * operations take. A caller changes a delivery only through the journal's operations
 * (`DeliveryJournal.addAttempt`, `settle`, ...), never by writing to a value it was given:
 * the types say so (a `push` on `attempts` does not compile) and the values are frozen.
 */
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

/** Why a `cancelled` delivery was cancelled. */
export type CancelReason = 'unsubscribed' | 'gone' | 'revoked' | 'reset' | 'close';
/** Why a long-poll or a stream was answered before its end: the journal was reset, or the emulator is shutting down. */
export type WaitEndReason = 'reset' | 'shutdown';

export interface Attempt {
  readonly number: number;
  /** Wall-clock ms when the request started (after any injected latency). */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: AttemptOutcome;
  readonly status?: number;
  readonly error?: string;
  /** The receiver's answer, first 2 KB. */
  readonly responseBody?: string;
  /** The injected fault applied to this attempt, if any; `duplicate` marks the second copy. */
  readonly fault?: FaultName;
  /** Injected latency (and reorder hold) waited before this attempt. */
  readonly latencyMs?: number;
}

/**
 * What the journal keeps of an event: its serialised body, not the parsed payload (which would
 * double the memory per record); views parse the body back. Shared by all the event's deliveries.
 */
export type JournalEvent = Readonly<Pick<AccountEvent, 'id' | 'type' | 'apiKey' | 'body' | 'source' | 'contentType'>>;

/** Keeps only what the journal needs of an event (one frozen object per event, shared by its deliveries). */
export function journalEvent(event: JournalEvent): JournalEvent {
  // JSON.stringify makes a long string as a tree of pieces; measuring it makes V8 join them into
  // one flat string now, while young, and the collector then drops the tree: ~190 B less per
  // 800-character body kept in the journal (and the transport writes a flat string).
  Buffer.byteLength(event.body);
  const kept: { -readonly [K in keyof JournalEvent]: JournalEvent[K] } = { id: event.id, type: event.type, apiKey: event.apiKey, body: event.body };
  // Set only for an exact body, so a generated event's record (and state document) is as before.
  if (event.source !== undefined) kept.source = event.source;
  if (event.contentType !== undefined) kept.contentType = event.contentType;
  return Object.freeze(kept);
}

/** One event going to one subscription. */
export interface Delivery {
  readonly id: string;
  readonly event: JournalEvent;
  readonly hookUrl: string;
  readonly apiKey: string;
  readonly subscriptionId: string;
  readonly state: DeliveryState;
  readonly attempts: readonly Attempt[];
  readonly createdAt: number;
  readonly settledAt?: number;
  /** Wall-clock ms of the next scheduled attempt while pending. */
  readonly nextAttemptAt?: number;
  /** Set on a delivery made by `redeliver`: the id it repeats. */
  readonly redeliveryOf?: string;
  /** Why a `cancelled` delivery was cancelled. */
  readonly cancelReason?: CancelReason;
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

/** What a filter reads of a delivery (a journal record has these too). */
export type Filterable = Pick<Delivery, 'id' | 'event' | 'hookUrl' | 'state' | 'apiKey'>;

export function matchesFilter(d: Filterable, f: DeliveryFilter): boolean {
  return (
    (f.id === undefined || f.id.includes(d.id)) &&
    (f.type === undefined || f.type.includes(d.event.type)) &&
    (f.hookUrl === undefined || f.hookUrl.includes(d.hookUrl)) &&
    (f.state === undefined || f.state.includes(d.state)) &&
    (f.eventId === undefined || f.eventId.includes(d.event.id)) &&
    (f.apiKey === undefined || f.apiKey.includes(d.apiKey))
  );
}
