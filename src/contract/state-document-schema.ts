import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { accountSchema } from '../config/config-schema.js';
import { EVENT_TYPES } from '../core/event-types.js';
import { EPOCH_MS_MAX, ID_COUNTER_MAX } from '../core/time-range.js';
import { checkStateDocument } from './state-document-checks.js';
import { DELIVERY_STATES } from './wire-values.js';

// The state document as GET/PUT /_emulator/state carry it. src/state/state-document.ts has the same
// schema today; test/contract/moved-schemas.test.ts fails when the two drift, until it imports this one.

/** What a state document says it is. */
export const STATE_FORMAT = 'solarproof-mock-state';
/** The newest document version this emulator reads and the one it writes. */
export const STATE_VERSION = 1;

const int = lazySchema(() => z.number().int());
/** An id counter: large enough for any run, small enough that the ids it makes stay valid. */
const counter = lazySchema(() => int.max(ID_COUNTER_MAX, { message: `must be at most ${ID_COUNTER_MAX}` }));
/** Epoch ms a JavaScript date can hold. */
const epochMs = lazySchema(() => z.number().min(-EPOCH_MS_MAX).max(EPOCH_MS_MAX, { message: 'must be a time a JavaScript date can hold (|ms| <= 8.64e15)' }));

const subscriptionSchema = lazySchema(() => z.strictObject({
  id: z.string().min(1),
  apiKey: z.string().min(1),
  hookUrl: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  createdAt: z.string(),
}));

// World records are checked where ids and links matter; the rest is kept as saved.
const customerSchema = lazySchema(() => z.looseObject({ id: int.positive(), status: int, projectIds: z.array(int) }));
const projectSchema = lazySchema(() => z.looseObject({ id: int.positive(), customerId: int.positive(), isDraft: z.union([z.literal(0), z.literal(1)]), signedAt: z.number().nullable() }));
const userSchema = lazySchema(() => z.strictObject({ id: int, name: z.string(), email: z.string() }));

const attemptSchema = lazySchema(() => z.looseObject({ number: int.positive(), startedAt: epochMs, durationMs: z.number(), outcome: z.string() }));
const deliverySchema = lazySchema(() => z.looseObject({
  id: z.string().regex(/^dlv_[1-9]\d{0,14}$/, { message: 'must be dlv_<n>, as the emulator makes them (n from 1, no leading zero)' }),
  event: z.strictObject({ id: z.string(), type: z.enum(EVENT_TYPES), apiKey: z.string(), body: z.string(), source: z.literal('raw').optional(), contentType: z.string().optional() }),
  hookUrl: z.string().min(1),
  apiKey: z.string().min(1),
  subscriptionId: z.string(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.array(attemptSchema),
  createdAt: epochMs,
  nextAttemptAt: epochMs.optional(),
  settledAt: epochMs.optional(),
}));

/**
 * The whole state of an emulator as one versioned JSON document (`GET /_emulator/state`,
 * `--export-on-exit`, `--import`, and the data dir's `state.json`). Each part contributes its own
 * section from its `snapshot()` and takes it back in `restore()`.
 */
export const stateDocumentSchema = lazySchema(() => z.strictObject({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  savedAt: z.string(),
  emulatorVersion: z.string(),
  seed: int.min(0),
  /**
   * The API keys in force, present only when keys were added or revoked at run time (absent: the
   * importing emulator's configured keys, as documents before it was added had them).
   */
  accounts: z
    .array(accountSchema)
    .min(1)
    .refine((a) => new Set(a.map((x) => x.apiKey)).size === a.length, { message: 'apiKey values must be unique' })
    .optional(),
  /** The runtime configuration (start-up-only keys are kept as the importing emulator has them). */
  config: z.record(z.string(), z.unknown()),
  subscriptions: z.strictObject({ counter: counter.min(0), subscriptions: z.array(subscriptionSchema) }),
  catalogue: z.strictObject({
    nextEventId: counter.positive(),
    world: z.looseObject({
      clock: z.number(),
      nextCustomerId: counter.positive(),
      nextProjectId: counter.positive(),
      accounts: z.array(z.strictObject({ apiKey: z.string().min(1), users: z.array(userSchema), customers: z.array(customerSchema), projects: z.array(projectSchema) })),
    }),
  }),
  deliveries: z
    .strictObject({ counter: counter.min(0), deliveries: z.array(deliverySchema) })
    .superRefine((section, ctx) => {
      // As the emulator writes them: oldest first, so ids rise, and none above the counter (the
      // next delivery is dlv_<counter + 1>; a lower counter would issue an id twice).
      let last = 0;
      section.deliveries.forEach((d, i) => {
        const n = Number(d.id.slice(4));
        if (n <= last) ctx.addIssue({ code: 'custom', path: ['deliveries', i, 'id'], message: `ids must rise, oldest first: ${d.id} comes after dlv_${last}` });
        last = Math.max(last, n);
      });
      if (last > section.counter) ctx.addIssue({ code: 'custom', path: ['counter'], message: `must be at least ${last}, the highest delivery id (dlv_${last})` });
    }),
  schedules: z.strictObject({
    nextId: counter.positive(),
    schedules: z.array(z.strictObject({ id: z.string().regex(/^sch_\d+$/), origin: z.enum(['api', 'config']), spec: z.unknown() })),
  }),
})
  // As a whole: counters above every id they cover, ids unique, a world clock events can move on from.
  .superRefine((doc, ctx) => checkStateDocument(doc, ctx)));

export type StateDocument = z.infer<typeof stateDocumentSchema>;

