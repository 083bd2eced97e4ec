import type { EventType } from '../core/event-types.js';
import { journalEvent, type Attempt, type CancelReason, type Delivery, type DeliveryState } from './delivery-domain.js';

/**
 * The wire views of a delivery: the journal's JSON shape (`toView`, DESIGN.md) and the state
 * document's (`plainDelivery`). Both are built from plain `Delivery` values, field by field in
 * the documented order, leaving out what is unset.
 */

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The journal's JSON shape (DESIGN.md), plus a few extra fields. */
export interface DeliveryView {
  id: string;
  eventId: string;
  type: EventType;
  hookUrl: string;
  apiKey: string;
  state: DeliveryState;
  payload?: unknown;
  /** An exact body that is not JSON, as sent (instead of `payload`). */
  rawBody?: string;
  /** `raw` for an exact body (`body` / `rawBody`: the world did not move), else `generated`. */
  source: 'raw' | 'generated';
  attempts: Array<Omit<Writable<Attempt>, 'startedAt'> & { startedAt: string }>;
  subscriptionId: string;
  createdAt: string;
  settledAt?: string;
  nextAttemptAt?: string;
  redeliveryOf?: string;
  cancelReason?: CancelReason;
}

export function toView(d: Delivery, options: { payload?: boolean } = {}): DeliveryView {
  const view = { id: d.id, eventId: d.event.id, type: d.event.type, hookUrl: d.hookUrl, apiKey: d.apiKey, state: d.state } as DeliveryView;
  if (options.payload !== false) Object.assign(view, payloadField(d.event.body, d.event.source));
  view.source = d.event.source ?? 'generated';
  view.attempts = d.attempts.map(attemptView);
  view.subscriptionId = d.subscriptionId;
  view.createdAt = new Date(d.createdAt).toISOString();
  if (d.settledAt !== undefined) view.settledAt = new Date(d.settledAt).toISOString();
  if (d.nextAttemptAt !== undefined) view.nextAttemptAt = new Date(d.nextAttemptAt).toISOString();
  if (d.redeliveryOf !== undefined) view.redeliveryOf = d.redeliveryOf;
  if (d.cancelReason !== undefined) view.cancelReason = d.cancelReason;
  return view;
}

/** A generated body is always JSON; an exact one may be anything, and is then shown as sent. */
function payloadField(body: string, source: 'raw' | undefined): Pick<DeliveryView, 'payload' | 'rawBody'> {
  if (source === undefined) return { payload: JSON.parse(body) as unknown };
  try {
    return { payload: JSON.parse(body) as unknown };
  } catch {
    return { rawBody: body };
  }
}

type AttemptView = DeliveryView['attempts'][number];

function attemptView(a: Attempt): AttemptView {
  const view: AttemptView = { number: a.number, startedAt: new Date(a.startedAt).toISOString(), durationMs: a.durationMs, outcome: a.outcome };
  if (a.status !== undefined) view.status = a.status;
  if (a.error !== undefined) view.error = a.error;
  if (a.responseBody !== undefined) view.responseBody = a.responseBody;
  if (a.fault !== undefined) view.fault = a.fault;
  if (a.latencyMs !== undefined) view.latencyMs = a.latencyMs;
  return view;
}

/**
 * A delivery as a state document keeps it: a new plain object with the fields that are set, in
 * the journal's order (what JSON.stringify of the record gave before records were made compact).
 */
export function plainDelivery(d: Delivery): Delivery {
  const out: Writable<Delivery> = { id: d.id, event: journalEvent(d.event), hookUrl: d.hookUrl, apiKey: d.apiKey, subscriptionId: d.subscriptionId, state: d.state, attempts: d.attempts.map(plainAttempt), createdAt: d.createdAt };
  if (d.redeliveryOf !== undefined) out.redeliveryOf = d.redeliveryOf;
  if (d.nextAttemptAt !== undefined) out.nextAttemptAt = d.nextAttemptAt;
  if (d.settledAt !== undefined) out.settledAt = d.settledAt;
  if (d.cancelReason !== undefined) out.cancelReason = d.cancelReason;
  return out;
}

/** An attempt as a new plain object with the fields that are set, in the journal's order. */
export function plainAttempt(a: Attempt): Attempt {
  const out: Writable<Attempt> = { number: a.number, startedAt: a.startedAt, durationMs: a.durationMs, outcome: a.outcome };
  if (a.status !== undefined) out.status = a.status;
  if (a.error !== undefined) out.error = a.error;
  if (a.responseBody !== undefined) out.responseBody = a.responseBody;
  if (a.fault !== undefined) out.fault = a.fault;
  if (a.latencyMs !== undefined) out.latencyMs = a.latencyMs;
  return out;
}
