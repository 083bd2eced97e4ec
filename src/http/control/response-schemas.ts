import { z } from 'zod';
import { configSchema } from '../../config/config-schema.js';
import { FAULT_NAMES } from '../../config/delivery-config.js';
import { scheduleSpecSchema } from '../../config/schedule-config.js';
import { CUSTOMER_TYPES } from '../../core/customer-types.js';
import { EVENT_TYPES, PAYLOAD_VERSIONS } from '../../core/event-types.js';
import { DELIVERY_STATES, type AttemptOutcome, type DeliveryView } from '../../delivery/delivery.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import type { ScenarioRunView } from '../../scenarios/scenario-run.js';
import { scenarioFileSchema } from '../../scenarios/scenario-schema.js';
import type { ScheduleView } from '../../schedules/running-schedule.js';
import type { Subscription } from '../../solarproof/subscription-store.js';

/**
 * The control API's answers as zod schemas: the routes declare them (`responses`), the OpenAPI
 * document is generated from them, and the contract test checks real answers against it. Each is
 * checked against the TypeScript type it documents (the `Same` assertions at the bottom), so a
 * field added to a view without its schema is a compile error.
 */

const isoTime = z.iso.datetime({ offset: true });
const eventType = z.enum(EVENT_TYPES);

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
] as const satisfies readonly AttemptOutcome[];

/** `GET /_emulator`: the route index. */
export const routeIndexSchema = z.object({
  routes: z.array(z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'DELETE', 'PUT']), path: z.string(), summary: z.string() })),
});

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

export const subscriptionSchema = z.object({
  id: z.string().meta({ examples: ['sub_1'] }),
  apiKey: z.string(),
  hookUrl: z.string(),
  type: eventType,
  createdAt: isoTime,
});
export const subscriptionListSchema = z.object({ subscriptions: z.array(subscriptionSchema) });

/** The configuration in force (every default filled in). */
export const configViewSchema = configSchema;

export const resetSchema = z.object({ status: z.literal('reset') });

export const eventTypeInfoSchema = z.object({
  type: eventType,
  description: z.string(),
  payloadVersion: z.enum(PAYLOAD_VERSIONS),
  inferred: z.boolean().meta({ description: 'True when Solar Proof does not document this payload and the emulator designed it.' }),
  inferredFields: z.array(z.string()).optional(),
  templated: z.boolean(),
  shape: z.enum(['object', 'array']),
  schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (draft 2020-12) of the whole payload.' }),
  example: z.unknown(),
});
export const eventTypesSchema = z.object({ payloadVersion: z.enum(PAYLOAD_VERSIONS), eventTypes: z.array(eventTypeInfoSchema) });

export const triggerResultSchema = z.object({
  events: z.array(z.object({ id: z.string().meta({ examples: ['evt_1'] }), type: eventType, payload: z.unknown() })),
  deliveries: z.array(z.string()).meta({ description: 'One delivery id per (event x matching subscription).' }),
});

export const attemptSchema = z.object({
  number: z.int().min(1),
  startedAt: isoTime,
  durationMs: z.number().min(0),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  status: z.int().optional(),
  error: z.string().optional(),
  responseBody: z.string().optional().meta({ description: "The receiver's answer, first 2 KB." }),
  fault: z.enum(FAULT_NAMES).optional(),
  latencyMs: z.number().min(0).optional(),
});

export const deliveryViewSchema = z.object({
  id: z.string().meta({ examples: ['dlv_1'] }),
  eventId: z.string(),
  type: eventType,
  hookUrl: z.string(),
  apiKey: z.string(),
  state: z.enum(DELIVERY_STATES),
  payload: z.unknown().optional().meta({ description: 'The body sent (absent with payload=false).' }),
  attempts: z.array(attemptSchema),
  subscriptionId: z.string(),
  createdAt: isoTime,
  settledAt: isoTime.optional(),
  nextAttemptAt: isoTime.optional(),
  redeliveryOf: z.string().optional(),
  cancelReason: z.enum(['unsubscribed', 'gone', 'reset', 'close']).optional(),
});
export const deliveryListSchema = z.object({
  deliveries: z.array(deliveryViewSchema),
  total: z.int().min(0).meta({ description: 'How many deliveries match (the list is cut at limit).' }),
  timedOut: z.boolean().optional().meta({ description: 'With wait: true when fewer than min matched in time.' }),
});

const countByState = Object.fromEntries(DELIVERY_STATES.map((s) => [s, z.int().min(0)])) as Record<(typeof DELIVERY_STATES)[number], z.ZodInt>;
export const statsSchema = z.object({
  total: z.int().min(0),
  ...countByState,
  attempts: z.object({ total: z.int().min(0), byOutcome: z.partialRecord(z.enum(ATTEMPT_OUTCOMES), z.int().min(0)) }),
  inFlight: z.int().min(0).meta({ description: 'Attempts being sent now.' }),
  queued: z.int().min(0).meta({ description: 'Attempts waiting for a concurrency slot.' }),
  triggersWaiting: z.int().min(0).meta({ description: 'Trigger requests waiting for room in the send queue (delivery.sendQueue).' }),
  journal: z.object({ size: z.int().min(0), maxDeliveries: z.int().min(1), evicted: z.int().min(0) }),
  retryDelays: z.array(z.number().min(0)).meta({ description: 'The delays before each retry under the retry policy in force.' }),
  logs: z.object({ dropped: z.int().min(0) }).meta({ description: 'Log lines dropped because stdout was not read fast enough.' }),
});

export const streamDescription =
  'Server-Sent Events: `event: delivery`, `data: {"change":"created"|"attempt"|"settled","delivery":{...}}` with a rising `id`; a comment line every 15 s. Opt-in lighter forms: `change=` sends only the changes named, `fields=` keeps only those keys of each delivery.';
/** One `data:` line of the stream. */
export const deliveryChangeSchema = z.object({ change: z.enum(['created', 'attempt', 'settled']), delivery: deliveryViewSchema });

export const scheduleViewSchema = z.object({
  id: z.string().meta({ examples: ['sch_1'] }),
  name: z.string().optional(),
  origin: z.enum(['api', 'config']),
  state: z.enum(['active', 'finished', 'stopped']),
  spec: scheduleSpecSchema,
  startedAt: isoTime,
  nextRunAt: isoTime.nullable(),
  emitted: z.int().min(0),
  skipped: z.int().min(0).meta({ description: 'Ticks skipped because delivery.maxPending deliveries were pending.' }),
  deliveries: z.int().min(0),
  lastEventId: z.string().nullable(),
  lastEmittedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  errors: z.int().min(0),
  lastError: z.string().nullable(),
});
export const scheduleListSchema = z.object({ schedules: z.array(scheduleViewSchema) });

export const scenarioSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  source: z.string().meta({ description: '`built-in`, or the path of the user file.' }),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  steps: z.int().min(1),
  types: z.array(eventType),
});
export const scenarioListSchema = z.object({ scenarios: z.array(scenarioSummarySchema) });
export const scenarioSchema = scenarioFileSchema.extend({ name: z.string(), source: z.string() });

export const scenarioRunViewSchema = z.object({
  id: z.string().meta({ examples: ['run_1'] }),
  scenario: z.string(),
  state: z.enum(['running', 'completed', 'failed', 'cancelled']),
  apiKey: z.string(),
  payloadVersion: z.enum(PAYLOAD_VERSIONS),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  customerId: z.int().nullable(),
  projectIds: z.array(z.int()),
  steps: z.array(
    z.object({
      index: z.int().min(0),
      type: eventType,
      delayMs: z.int().min(0),
      state: z.enum(['pending', 'done', 'skipped', 'failed']),
      eventId: z.string().optional(),
    }),
  ),
  events: z.array(z.object({ id: z.string(), type: eventType, step: z.int().min(0), payload: z.unknown() })),
  deliveries: z.array(z.string()),
  error: z.object({ step: z.int().min(0), code: z.string(), detail: z.string() }).nullable(),
});
export const scenarioRunListSchema = z.object({ runs: z.array(scenarioRunViewSchema) });

/** RFC 9457 problem+json, as every control-API error is answered; routes add members such as `problems`. */
export const problemSchema = z.looseObject({
  type: z.string().meta({ examples: ['urn:solarproof-mock:problem:UNKNOWN_EVENT_TYPE'] }),
  title: z.string(),
  status: z.int().min(400).max(599),
  code: z.string().meta({ description: 'Stable error code (see src/core/errors.ts).' }),
  detail: z.string().meta({ description: 'What went wrong and what to do.' }),
  problems: z.array(z.string()).optional(),
  field: z.string().optional(),
});

// Compile-time checks that each schema says what its TypeScript view says (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type DeliveryViewOut = z.output<typeof deliveryViewSchema>;
export type SchemaChecks = [
  Check<Same<z.output<typeof subscriptionSchema>, Subscription>>,
  Check<Same<keyof DeliveryViewOut, keyof DeliveryView>>,
  Check<Same<DeliveryViewOut['attempts'][number]['outcome'], AttemptOutcome>>,
  Check<Same<keyof z.output<typeof scheduleViewSchema>, keyof ScheduleView>>,
  Check<Same<keyof z.output<typeof scenarioRunViewSchema>, keyof ScenarioRunView>>,
  Check<Same<Exclude<keyof z.output<typeof statsSchema>, 'retryDelays' | 'logs'>, keyof ReturnType<DeliveryEngine['stats']>>>,
];
