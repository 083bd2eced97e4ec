import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { ERROR_STATUS, type ErrorCode } from '../core/errors.js';
import { EVENT_TYPES } from '../core/event-types.js';

/**
 * The closed sets of values the control API speaks in. The delivery folder has its own copies
 * for its records; src/http/control/contract-checks.ts fails to compile when the two drift.
 */

export const isoTime = lazySchema(() => z.iso.datetime({ offset: true }));
export const eventTypeSchema = lazySchema(() => z.enum(EVENT_TYPES));

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'dropped', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const ATTEMPT_OUTCOMES = [
  'success',
  'http_error',
  'timeout',
  'connection_refused',
  'connection_reset',
  'dns_error',
  'tls_error',
  'network_error',
  'blocked',
  'injected_drop',
  'injected_abort',
  'cancelled',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Why a pending delivery was cancelled. */
export const CANCEL_REASONS = ['unsubscribed', 'gone', 'revoked', 'reset', 'close'] as const;

/** Why a long-poll was answered (or a stream ended) before it had what it waited for: a reset, or the emulator shutting down. */
export const WAIT_END_REASONS = ['reset', 'shutdown'] as const;

/** The changes `GET /stream` carries, in the order a delivery goes through them. */
export const STREAM_CHANGES = ['created', 'attempt', 'settled'] as const;
export type StreamChange = (typeof STREAM_CHANGES)[number];

/** The keys of a delivery view that the stream's `fields=` may keep (`payload` is asked for with `payload=true`). */
export const STREAM_FIELDS = [
  'id',
  'eventId',
  'type',
  'hookUrl',
  'apiKey',
  'state',
  'attempts',
  'subscriptionId',
  'createdAt',
  'settledAt',
  'nextAttemptAt',
  'redeliveryOf',
  'cancelReason',
] as const;
export type StreamField = (typeof STREAM_FIELDS)[number];

/** Every problem `code` the emulator answers with (src/core/errors.ts). */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
