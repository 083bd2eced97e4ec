import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { subjectSchema } from '../core/subject.js';

/** The control API's request bodies and queries (the journal's queries are in delivery-query.ts, the world's in world-schemas.ts). */

export { scheduleSpecSchema } from '../config/schedule-config.js';

/** The most subscriptions one answer of `GET /subscriptions` holds (and its default `limit`). */
export const MAX_SUBSCRIPTION_PAGE = 1000;

const pageNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}`)
    .optional();

/** `GET /subscriptions`: filters and paging (oldest first; `offset` skips, `limit` caps). */
export const subscriptionQuery = lazySchema(() => z.object({
  apiKey: z.string().optional(),
  hookUrl: z.string().optional(),
  type: z.string().optional(),
  limit: pageNumber('limit', 1, MAX_SUBSCRIPTION_PAGE),
  offset: pageNumber('offset', 0, 999_999_999),
}));

/** A JSON merge patch is an object; `null` would reset every key, `[]` means nothing. */
// Kept as sent (a record schema would copy it, and a "__proto__" key would vanish unchecked).
export const configPatchSchema = lazySchema(() => z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a JSON object (a merge patch)'));

/** The most events one trigger makes; more is a schedule's job. */
export const MAX_COUNT = 1000;

/**
 * `POST /events`: the shape of a trigger body. Which type, count and key are valid depends on the
 * running emulator, so those are checked by the event trigger, not here. src/events/trigger-request.ts
 * has the same schema today (test/contract/moved-schemas.test.ts fails when they drift).
 */
export const triggerBodySchema = lazySchema(() => z.strictObject({
  type: z.string().meta({ description: 'An event type the payload version knows (GET /_emulator/event-types)', examples: ['customer_created'] }),
  count: z.unknown().optional().meta({ type: 'integer', minimum: 1, maximum: MAX_COUNT, default: 1 }),
  // Kept as sent (a record schema would copy it, and a "__proto__" key would vanish unchecked).
  overrides: z
    .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object')
    .optional()
    .meta({ type: 'object', description: 'Payload fields to set, deep-merged into each payload object' }),
  apiKey: z.string().optional(),
  subject: subjectSchema.optional(),
  body: z.unknown().optional().meta({ description: 'An exact payload: sent as this JSON instead of a generated one (the world does not move). Not with count, overrides, subject or rawBody.' }),
  rawBody: z.string().optional().meta({ description: 'An exact body, sent byte for byte (UTF-8) with contentType. Not with count, overrides, subject or body.' }),
  contentType: z.string().min(1).optional().meta({ description: 'The Content-Type a rawBody is sent with (default application/json).', examples: ['application/json; charset=utf-8'] }),
}));

/** What `wait` may be in a scenario run's body or query. */
export const WAIT_VALUES = [true, false, 'true', 'false'] as const;

/** `POST /scenarios/:name`: no body, or one of these. */
export const runScenarioBodySchema = lazySchema(() => z.strictObject({
  apiKey: z.string().optional(),
  wait: z.literal(WAIT_VALUES).optional(),
}));
