import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { EVENT_TYPES, PAYLOAD_VERSIONS } from '../core/event-types.js';

/** The receiver check's wire shapes: what starts a check, and its report (docs/check.md). */

export const CHECK_STATES = ['running', 'passed', 'failed'] as const;
export const CASE_STATES = ['running', 'passed', 'failed', 'skipped'] as const;

/** `POST /checks`: the receiver to check and what to send it. */
export const checkRequestSchema = lazySchema(() => z.strictObject({
  forwardTo: z
    .string()
    .min(1)
    .meta({ description: 'The receiver: `{type}` in the URL becomes the event type (one URL per type, as Solar Proof advises)', examples: ['http://127.0.0.1:3000/webhooks/solarproof/{type}'] }),
  types: z.array(z.enum(EVENT_TYPES)).min(1).optional().meta({ description: 'The event types the receiver handles (default: all)' }),
  versions: z.array(z.enum(PAYLOAD_VERSIONS)).min(1).optional().meta({ description: 'The payload versions to send (default: v1 and v2)' }),
  seed: z.int().min(0).max(2 ** 31 - 1).optional().meta({ description: "The check's own choices (which types the burst and edge cases use); default 1" }),
  timeoutMs: z.int().min(50).max(60_000).optional().meta({ description: 'The deadline each answer must meet (default 5000, as Solar Proof documents)' }),
  burst: z.int().min(1).max(500).optional().meta({ description: 'Deliveries sent at once by the burst case (default 50)' }),
  apiKey: z.string().min(1).optional().meta({ description: "The account events happen in; the receiver's data-API calls with this key are recorded as callbacks (default: the first account)" }),
}));
export type CheckRequest = z.infer<typeof checkRequestSchema>;

/** One data-API call the receiver made back, with the check's key, while a case ran. */
export const checkCallbackSchema = lazySchema(() => z.object({
  action: z.string().meta({ examples: ['getcustomerid'] }),
  method: z.string(),
  status: z.int(),
}));

export type CheckCallback = z.infer<typeof checkCallbackSchema>;

export const checkCaseSchema = lazySchema(() => z.object({
  id: z.string().meta({ examples: ['delivers/v2/customer_created'] }),
  title: z.string(),
  source: z.string().meta({ description: 'The Solar Proof doc sentence or practice the case comes from' }),
  state: z.enum(CASE_STATES),
  reason: z.string().optional().meta({ description: 'Why it failed or was skipped, in words a person can act on' }),
  note: z.string().optional().meta({ description: 'Worth knowing, but not a failure (e.g. a 204 where Solar Proof asks for 200)' }),
  deliveries: z.array(z.string()).meta({ description: 'The journal ids of the deliveries the case sent' }),
  callbacks: z.array(checkCallbackSchema),
  durationMs: z.number().min(0),
}));
export type CheckCase = z.infer<typeof checkCaseSchema>;

export const checkReportSchema = lazySchema(() => z.object({
  id: z.string().meta({ examples: ['chk_1'] }),
  state: z.enum(CHECK_STATES),
  forwardTo: z.string(),
  types: z.array(z.enum(EVENT_TYPES)),
  versions: z.array(z.enum(PAYLOAD_VERSIONS)),
  seed: z.int(),
  timeoutMs: z.int(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).optional(),
  cases: z.array(checkCaseSchema),
  summary: z.object({ passed: z.int().min(0), failed: z.int().min(0), skipped: z.int().min(0) }),
}));
export type CheckReport = z.infer<typeof checkReportSchema>;

/** `POST /checks` answers at once; the report fills in at `GET /checks/:id`. */
export const checkStartedSchema = lazySchema(() => z.object({ id: z.string(), state: z.literal('running') }));
