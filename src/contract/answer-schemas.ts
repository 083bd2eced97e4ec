import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { configSchema } from '../config/config-schema.js';
import { scheduleSpecSchema } from '../config/schedule-config.js';
import { CUSTOMER_TYPES } from '../core/customer-types.js';
import { PAYLOAD_VERSIONS } from '../core/event-types.js';
import { scenarioFileSchema } from './scenario-file-schema.js';
import { ERROR_CODES, eventTypeSchema as eventType, isoTime } from './wire-values.js';

/**
 * The control API's answers (all but the journal's, in delivery-schemas.ts): the route table
 * names them, the OpenAPI document is generated from them, the typed client's answer types are
 * their `z.infer`, and test/contract checks real answers against them.
 */

/** `GET /_emulator`: the route index. */
export const routeIndexSchema = lazySchema(() => z.object({
  routes: z.array(z.object({ method: z.enum(['GET', 'POST', 'PATCH', 'DELETE', 'PUT']), path: z.string(), summary: z.string() })),
}));

export const healthSchema = lazySchema(() => z.object({ status: z.literal('ok'), version: z.string() }));

export const subscriptionSchema = lazySchema(() => z.object({
  id: z.string().meta({ examples: ['sub_1'] }),
  apiKey: z.string(),
  hookUrl: z.string(),
  type: eventType,
  createdAt: isoTime,
}));
export const subscriptionListSchema = lazySchema(() => z.object({
  subscriptions: z.array(subscriptionSchema),
  /** How many match the filters, over every page. */
  total: z.number().int().nonnegative(),
  /** The `offset` of the next page; absent on the last one. */
  nextOffset: z.number().int().positive().optional(),
}));

/** The configuration in force (every default filled in). */
export const configViewSchema = configSchema;

export const resetSchema = lazySchema(() => z.object({ status: z.literal('reset') }));

export const eventTypeInfoSchema = lazySchema(() => z.object({
  type: eventType,
  description: z.string(),
  payloadVersion: z.enum(PAYLOAD_VERSIONS),
  inferred: z.boolean().meta({ description: 'True when Solar Proof does not document this payload and the emulator designed it.' }),
  inferredFields: z.array(z.string()).optional(),
  templated: z.boolean(),
  shape: z.enum(['object', 'array']),
  schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (draft 2020-12) of the whole payload.' }),
  example: z.unknown(),
}));
export const eventTypesSchema = lazySchema(() => z.object({ payloadVersion: z.enum(PAYLOAD_VERSIONS), eventTypes: z.array(eventTypeInfoSchema) }));

export const triggerResultSchema = lazySchema(() => z.object({
  events: z.array(z.object({ id: z.string().meta({ examples: ['evt_1'] }), type: eventType, payload: z.unknown() })),
  deliveries: z.array(z.string()).meta({ description: 'One delivery id per (event x matching subscription).' }),
}));

export const scheduleViewSchema = lazySchema(() => z.object({
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
}));
export const scheduleListSchema = lazySchema(() => z.object({ schedules: z.array(scheduleViewSchema) }));

export const scenarioSummarySchema = lazySchema(() => z.object({
  name: z.string(),
  description: z.string(),
  source: z.string().meta({ description: '`built-in`, or the path of the user file.' }),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  steps: z.int().min(1),
  types: z.array(eventType),
}));
export const scenarioListSchema = lazySchema(() => z.object({ scenarios: z.array(scenarioSummarySchema) }));
export const scenarioSchema = lazySchema(() => scenarioFileSchema.extend({ name: z.string(), source: z.string() }));

export const scenarioRunViewSchema = lazySchema(() => z.object({
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
}));
export const scenarioRunListSchema = lazySchema(() => z.object({ runs: z.array(scenarioRunViewSchema) }));

export const stateImportedSchema = lazySchema(() => z.object({ status: z.literal('imported') }));

export const openapiShape = lazySchema(() => z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }));
export const jsonSchemaShape = lazySchema(() => z.looseObject({ $schema: z.string(), type: z.literal('object'), properties: z.record(z.string(), z.unknown()) }));

/** RFC 9457 problem+json, as every control-API error is answered; routes add members such as `problems`. */
export const problemSchema = lazySchema(() => z.looseObject({
  type: z.string().meta({ examples: ['urn:solarproof-mock:problem:UNKNOWN_EVENT_TYPE'] }),
  title: z.string(),
  status: z.int().min(400).max(599),
  code: z.enum(ERROR_CODES).meta({ description: 'Stable error code (see src/core/errors.ts).' }),
  detail: z.string().meta({ description: 'What went wrong and what to do.' }),
  problems: z.array(z.string()).optional(),
  field: z.string().optional(),
  id: z.string().optional().meta({ description: 'INTERNAL_ERROR only: the id the server log files the detail under.' }),
}));
