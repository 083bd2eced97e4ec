import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { FAULT_NAMES } from '../config/delivery-config.js';
import { ATTEMPT_OUTCOMES, CANCEL_REASONS, DELIVERY_STATES, STREAM_CHANGES, WAIT_END_REASONS, eventTypeSchema, isoTime } from './wire-values.js';

/** The journal's views: one attempt, one delivery, a list, the stats and one stream message. */

export const attemptSchema = lazySchema(() => z.object({
  number: z.int().min(1),
  startedAt: isoTime,
  durationMs: z.number().min(0),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  status: z.int().optional(),
  error: z.string().optional(),
  responseBody: z.string().optional().meta({ description: "The receiver's answer, first 2 KB." }),
  fault: z.enum(FAULT_NAMES).optional(),
  latencyMs: z.number().min(0).optional(),
}));

export const deliveryViewSchema = lazySchema(() => z.object({
  id: z.string().meta({ examples: ['dlv_1'] }),
  eventId: z.string(),
  type: eventTypeSchema,
  hookUrl: z.string(),
  apiKey: z.string(),
  state: z.enum(DELIVERY_STATES),
  payload: z.unknown().optional().meta({ description: 'The body sent (absent with payload=false).' }),
  rawBody: z.string().optional().meta({ description: 'An exact body that is not JSON, as sent (instead of payload).' }),
  source: z.enum(['raw', 'generated']).meta({ description: '`raw`: an exact body from the trigger (`body` / `rawBody`), which moved no world; `generated`: rendered from the world.' }),
  attempts: z.array(attemptSchema),
  subscriptionId: z.string(),
  createdAt: isoTime,
  settledAt: isoTime.optional(),
  nextAttemptAt: isoTime.optional(),
  redeliveryOf: z.string().optional(),
  cancelReason: z.enum(CANCEL_REASONS).optional(),
}));

export const deliveryListSchema = lazySchema(() => z.object({
  deliveries: z.array(deliveryViewSchema),
  total: z.int().min(0).meta({ description: 'How many deliveries match (the list is cut at limit).' }),
  timedOut: z.boolean().optional().meta({ description: 'With wait: true when fewer than min matched in time.' }),
  reason: z.enum(WAIT_END_REASONS).optional().meta({
    description:
      'With wait: the long-poll was answered early, with the deliveries it had matched by then: "reset" (POST /_emulator/reset emptied the journal) or "shutdown" (the emulator is stopping).',
  }),
}));

const countByState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, z.int().min(0)])) as Record<(typeof DELIVERY_STATES)[number], z.ZodInt>;
export const statsSchema = lazySchema(() => z.object({
  total: z.int().min(0),
  ...countByState,
  attempts: z.object({ total: z.int().min(0), byOutcome: z.partialRecord(z.enum(ATTEMPT_OUTCOMES), z.int().min(0)) }),
  inFlight: z.int().min(0).meta({ description: 'Attempts being sent now.' }),
  queued: z.int().min(0).meta({ description: 'Attempts waiting for a concurrency slot.' }),
  triggersWaiting: z.int().min(0).meta({ description: 'Trigger requests waiting for room in the send queue (delivery.sendQueue).' }),
  longPolls: z.int().min(0).optional().meta({ description: 'Long-polls (GET /_emulator/deliveries?wait=) open now.' }),
  journal: z.object({ size: z.int().min(0), maxDeliveries: z.int().min(1), evicted: z.int().min(0) }),
  retryDelays: z.array(z.number().min(0)).meta({ description: 'The delays before each retry under the retry policy in force.' }),
  logs: z.object({ dropped: z.int().min(0) }).meta({ description: 'Log lines dropped because stdout was not read fast enough.' }),
}));

export const streamDescription =
  'Server-Sent Events: `event: delivery`, `data: {"change":"created"|"attempt"|"settled","delivery":{...}}` with a rising `id`; a comment line every 15 s. Opt-in lighter forms: `change=` sends only the changes named, `fields=` keeps only those keys of each delivery.';
/** One `data:` line of the stream. */
export const deliveryChangeSchema = lazySchema(() => z.object({ change: z.enum(STREAM_CHANGES), delivery: deliveryViewSchema }));

/** `GET /_emulator/metrics`: the Prometheus text exposition (not JSON). */
export const metricsTextSchema = lazySchema(() => z.string().meta({ description: 'Prometheus text exposition format 0.0.4' }));
export const metricsDescription =
  'The Prometheus text format (0.0.4). Counters since the process started (reset does not zero them): solarproof_mock_deliveries_created_total{type}, ' +
  'solarproof_mock_deliveries_settled_total{state,type}, solarproof_mock_attempts_total{outcome,type}, solarproof_mock_logs_dropped_total; the histogram ' +
  'solarproof_mock_attempt_duration_seconds{outcome}; gauges solarproof_mock_deliveries_pending, solarproof_mock_attempts_in_flight, solarproof_mock_attempts_queued, ' +
  'solarproof_mock_triggers_waiting, solarproof_mock_journal_deliveries, solarproof_mock_info{version}; and the process metrics (process_*, nodejs_*).';
