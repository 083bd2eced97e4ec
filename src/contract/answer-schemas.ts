import { z } from 'zod';
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
export const subscriptionListSchema = z.object({
  subscriptions: z.array(subscriptionSchema),
  /** How many match the filters, over every page. */
  total: z.number().int().nonnegative(),
  /** The `offset` of the next page; absent on the last one. */
  nextOffset: z.number().int().positive().optional(),
});

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

export const stateImportedSchema = z.object({ status: z.literal('imported') });

export const openapiShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
export const jsonSchemaShape = z.looseObject({ $schema: z.string(), type: z.literal('object'), properties: z.record(z.string(), z.unknown()) });

/** RFC 9457 problem+json, as every control-API error is answered; routes add members such as `problems`. */
export const problemSchema = z.looseObject({
  type: z.string().meta({ examples: ['urn:solarproof-mock:problem:UNKNOWN_EVENT_TYPE'] }),
  title: z.string(),
  status: z.int().min(400).max(599),
  code: z.enum(ERROR_CODES).meta({ description: 'Stable error code (see src/core/errors.ts).' }),
  detail: z.string().meta({ description: 'What went wrong and what to do.' }),
  problems: z.array(z.string()).optional(),
  field: z.string().optional(),
  id: z.string().optional().meta({ description: 'INTERNAL_ERROR only: the id the server log files the detail under.' }),
});
