import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { EVENT_TYPES } from '../core/event-types.js';
import { DELIVERY_STATES, STREAM_CHANGES, STREAM_FIELDS, type DeliveryState, type StreamChange, type StreamField } from './wire-values.js';

/** Long-poll waits longer than this are cut to it (a proxy or client would give up first anyway). */
export const MAX_WAIT_MS = 300_000;
export const MAX_LIMIT = 100_000;
const PAYLOAD_VALUES = ['true', 'false', '1', '0', 'yes', 'no'] as const;

/** `?state=failed,dropped&state=cancelled` -> ['failed','dropped','cancelled']; commas split every field but hookUrl. */
const list = (split = true) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw) => {
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const all = split ? values.flatMap((v) => v.split(',')) : values;
      const cleaned = all.map((v) => v.trim()).filter((v) => v !== '');
      return cleaned.length > 0 ? cleaned : undefined;
    });

/** A value outside a closed set is a typo to report, not a filter that silently matches nothing. */
const closedList = <T extends string>(name: string, known: readonly T[], listPattern = '^[a-z_]+(,[a-z_]+)+$', hint = '') =>
  list().superRefine((values, ctx) => {
    const unknown = values?.filter((v) => !(known as readonly string[]).includes(v)) ?? [];
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `Unknown ${name} ${unknown.map((v) => `"${v}"`).join(', ')}. Known ${name}s: ${known.join(', ')}.${hint}` });
    }
  })
    // For the OpenAPI document: one value, a comma-separated list, or the parameter repeated.
    .meta({ anyOf: [{ type: 'string', enum: [...known] }, { type: 'array', items: { type: 'string', enum: [...known] } }, { type: 'string', pattern: listPattern }] }) as unknown as z.ZodType<T[] | undefined>;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number >= ${min}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return Math.min(n, max);
    })
    .meta({ type: 'integer', minimum: min, description: `A whole number >= ${min} (larger values are cut to ${max})` });

/** The journal filters shared by GET /deliveries and GET /stream, and whether views carry payloads. */
export const deliveryFilterQuery = lazySchema(() => z.object({
  id: list(),
  type: closedList('type', EVENT_TYPES),
  hookUrl: list(false),
  state: closedList<DeliveryState>('state', DELIVERY_STATES),
  eventId: list(),
  apiKey: list(),
  payload: z
    .enum(PAYLOAD_VALUES, { error: (iss) => `payload must be true or false, got ${JSON.stringify(iss.input)}.` })
    .optional()
    .transform((v) => (v === undefined ? undefined : !['false', '0', 'no'].includes(v))),
}));

/** `GET /deliveries`: the filters plus paging, order and the long-poll. */
export const deliveryListQuery = lazySchema(() => deliveryFilterQuery.extend({
  limit: wholeNumber('limit', 1, MAX_LIMIT),
  wait: wholeNumber('wait', 0, MAX_WAIT_MS),
  min: wholeNumber('min', 1, MAX_LIMIT),
  order: z.enum(['asc', 'desc'], { error: (iss) => `order must be "asc" or "desc", got ${JSON.stringify(iss.input)}` }).optional(),
  format: z
    .enum(['json', 'har'], { error: (iss) => `format must be "json" or "har", got ${JSON.stringify(iss.input)}` })
    .optional()
    .meta({ description: '`har`: the same deliveries as an HTTP Archive (HAR 1.2), one entry per attempt (src/contract/har-schemas.ts)' }),
}));

/** `GET /stream`: the filters plus the opt-in lighter forms: only some changes, only some keys. */
export const deliveryStreamQuery = lazySchema(() => deliveryFilterQuery.extend({
  change: closedList<StreamChange>('change', STREAM_CHANGES),
  fields: closedList<StreamField>('field', STREAM_FIELDS, '^[A-Za-z]+(,[A-Za-z]+)+$', ' Payloads are asked for with payload=true.'),
}));

export type DeliveryFilterQuery = z.infer<typeof deliveryFilterQuery>;
