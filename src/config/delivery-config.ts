import { z } from 'zod';
import { EVENT_TYPES } from '../core/event-types.js';
import { hookHostRuleProblems } from '../guard/hook-host-policy.js';

/** A probability 0..1; every fault defaults to 0 (off). */
const probability = z.number().min(0).max(1).default(0);
/**
 * The longest wait any delivery setting may ask for: one day. Timers cannot wait longer than
 * ~24.8 days (2^31 - 1 ms; beyond it Node fires them at once), and no test waits a day.
 */
export const MAX_DELAY_MS = 86_400_000;
const ms = z
  .number()
  .int()
  .min(0)
  .max(MAX_DELAY_MS, { message: `at most ${MAX_DELAY_MS} ms (one day)` });

/** Injected delay before each attempt. `distribution` is the discriminator (see mergePatch). */
export const latencySchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('none'), capMs: ms.optional() }),
  z.strictObject({ distribution: z.literal('fixed'), ms, capMs: ms.optional() }),
  z
    .strictObject({ distribution: z.literal('uniform'), minMs: ms, maxMs: ms, capMs: ms.optional() })
    .refine((l) => l.minMs <= l.maxMs, { message: 'minMs must not be greater than maxMs', path: ['minMs'] }),
  z.strictObject({
    distribution: z.literal('normal'),
    meanMs: ms,
    stdDevMs: z.number().min(0).max(MAX_DELAY_MS, { message: `at most ${MAX_DELAY_MS} ms (one day)` }),
    capMs: ms.optional(),
  }),
  z.strictObject({
    distribution: z.literal('lognormal'),
    medianMs: z.number().positive().max(MAX_DELAY_MS, { message: `at most ${MAX_DELAY_MS} ms (one day)` }),
    // e^(10 Z) already spans 20 orders of magnitude; more only makes Infinity (capped anyway).
    sigma: z.number().min(0).max(10),
    capMs: ms.optional(),
  }),
]);
export type Latency = z.infer<typeof latencySchema>;

/** Fault names, shared by probabilities and scripted outcomes. */
export const FAULT_NAMES = [
  'drop',
  'duplicate',
  'reorder',
  'abort',
  'truncate',
  'malformedJson',
  'wrongContentType',
  'slowBody',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

const faultProbabilities = {
  drop: probability,
  duplicate: probability,
  reorder: probability,
  abort: probability,
  truncate: probability,
  malformedJson: probability,
  wrongContentType: probability,
  slowBody: probability,
};

export const scriptedOutcomeSchema = z.enum(['normal', ...FAULT_NAMES]);
export type ScriptedOutcome = z.infer<typeof scriptedOutcomeSchema>;

export const faultsSchema = z.strictObject({
  ...faultProbabilities,
  /** How long a reordered delivery is held back, at most. */
  reorderWindowMs: ms.default(1000),
  /** How long a slow body is dribbled over. */
  slowBodyMs: ms.default(3000),
  /** Per event type probabilities, replacing the global ones that they name. */
  byType: z
    .partialRecord(
      z.enum(EVENT_TYPES),
      // No defaults here: a fault a type does not name keeps its global probability.
      z.strictObject(Object.fromEntries(FAULT_NAMES.map((f) => [f, z.number().min(0).max(1).optional()])) as {
        [K in FaultName]: z.ZodOptional<z.ZodNumber>;
      }),
    )
    .default({}),
  /**
   * Exact per-attempt outcomes for the deliveries to one hook URL or one subscription (optionally
   * one event type): attempt 1 gets outcomes[0], attempt 2 outcomes[1], ...; past the end,
   * faults are drawn as usual. The first matching entry applies.
   */
  scripted: z
    .array(
      z
        .strictObject({
          hookUrl: z.string().min(1).optional(),
          subscriptionId: z.string().min(1).optional(),
          type: z.enum(EVENT_TYPES).optional(),
          outcomes: z.array(scriptedOutcomeSchema).min(1),
        })
        .refine((s) => s.hookUrl !== undefined || s.subscriptionId !== undefined, {
          message: 'a scripted entry needs hookUrl or subscriptionId',
        }),
    )
    .default([]),
});
export type Faults = z.infer<typeof faultsSchema>;

export const exponentialRetrySchema = z.strictObject({
  initialMs: ms,
  // Bounded so initialMs x factor^99 stays a finite number.
  factor: z.number().min(1).max(100).default(2),
  maxDelayMs: ms.default(60_000),
  /** Total attempts including the first. */
  maxAttempts: z.number().int().min(1).max(100),
  /** 0..1: each delay is scaled by a seeded factor in [1 - jitter, 1 + jitter]. */
  jitter: z.number().min(0).max(1).default(0),
});

export const retrySchema = z.strictObject({
  /** Delays in ms before each retry; [] means no retries. */
  schedule: z.array(ms).max(100).default([1000, 2000, 4000]),
  /** When set, replaces `schedule` with an exponential ladder. */
  exponential: exponentialRetrySchema.nullable().default(null),
  /** Wait as long as a 429/503 Retry-After asks (capped by maxRetryAfterMs) instead of the schedule. */
  honorRetryAfter: z.boolean().default(true),
  maxRetryAfterMs: ms.default(60_000),
  /** A 410 Gone removes every subscription of that hook URL in that account (REST-hook convention). */
  unsubscribeOnGone: z.boolean().default(false),
});
export type RetryPolicy = z.infer<typeof retrySchema>;

export const deliveryConfigSchema = z.strictObject({
  /** Solar Proof documents "200 within 5 seconds". */
  timeoutMs: z.number().int().min(1).max(MAX_DELAY_MS, { message: `at most ${MAX_DELAY_MS} ms (one day)` }).default(5000),
  /** '2xx' accepts any 2xx as delivered; '200' accepts exactly 200, as Solar Proof's docs word it. */
  successStatus: z.enum(['2xx', '200']).default('2xx'),
  /** Sent as the User-Agent header: printable Latin-1 only (CR, LF, NUL or other characters would make every attempt fail). */
  userAgent: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[\x20-\x7e\xa0-\xff]+$/, 'must be printable Latin-1 text (no CR, LF, NUL or other control characters, no characters past U+00FF): every attempt sends it as a header')
    .optional(),
  concurrency: z
    .strictObject({
      max: z.number().int().min(1).max(1024).default(256),
      perHost: z.number().int().min(1).max(1024).default(128),
    })
    .prefault({}),
  tls: z.strictObject({ rejectUnauthorized: z.boolean().default(true) }).prefault({}),
  retry: retrySchema.prefault({}),
  latency: latencySchema.default({ distribution: 'none' }),
  latencyByType: z.partialRecord(z.enum(EVENT_TYPES), latencySchema).default({}),
  faults: faultsSchema.prefault({}),
  journal: z.strictObject({ maxDeliveries: z.number().int().min(1).max(10_000_000).default(10_000) }).prefault({}),
  /**
   * The most deliveries that may be pending at once. A trigger, scenario step or redeliver that
   * would pass it is refused whole (429 TOO_MANY_PENDING); a schedule skips the tick. 20 000 by
   * default, sized for a 2 GB CI runner with a failing receiver (docs/delivery.md#back-pressure).
   */
  maxPending: z.number().int().min(1).max(100_000_000).default(20_000),
  /**
   * Back-pressure on triggers: a trigger request (POST /_emulator/events) that arrives while `max`
   * or more deliveries wait to be sent (queued for a connection slot or in flight) waits until one
   * is answered, for up to `waitMs`, then is refused (429 SEND_QUEUE_FULL) and creates nothing.
   * `max: 0` turns it off.
   */
  sendQueue: z
    .strictObject({
      max: z.number().int().min(0).max(1_000_000).default(128),
      waitMs: z.number().int().min(0).max(600_000).default(10_000),
    })
    .prefault({}),
  /** How much of each receiver answer is read and kept in the journal (the transports stop reading there). */
  responseBodyBytes: z.number().int().min(0).max(1_048_576).default(2048),
  /**
   * Which HTTP client sends attempts: `auto` (the default: node:http, undici from the first burst of
   * deliveries, decision 0037), `node` (node:http only), `undici` (the fastest per attempt) or got;
   * all record the same outcomes.
   */
  transport: z.enum(['auto', 'node', 'undici', 'got']).default('auto'),
  /**
   * Where deliveries may go (host names, `*.wildcards`, IPs, CIDRs): when set, only these; checked
   * at subscribe time and again on the address actually connected to. Empty: local hosts only
   * (loopback, private ranges, single-label names, *.local/*.internal/*.test); a public host is
   * subscribed but its attempts are blocked (decision 0025).
   */
  allowedHookHosts: z.array(z.string().min(1)).default([]),
  /** Where deliveries may never go; link-local and cloud-metadata ranges are always refused unless an IP or CIDR in allowedHookHosts lifts them. */
  deniedHookHosts: z.array(z.string().min(1)).default([]),
}).superRefine((d, ctx) => {
  for (const problem of hookHostRuleProblems(d)) {
    // "delivery.deniedHookHosts[1]: ..." -> path ["deniedHookHosts", 1] inside this object.
    const [where = '', ...rest] = problem.split(': ');
    const m = /^delivery\.(\w+)\[(\d+)\]$/.exec(where);
    ctx.addIssue({ code: 'custom', path: m ? [m[1]!, Number(m[2])] : [], message: rest.join(': ') || problem });
  }
});
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Faults on the emulated apidata.php itself, for testing an app's subscribe retries. */
export const apiConfigSchema = z.strictObject({
  faults: z
    .strictObject({
      error500: probability,
      error503: probability,
      stall: probability,
      stallMs: ms.default(10_000),
    })
    .prefault({}),
  /** Largest accepted request body, in bytes (at most 64 MiB: a body is held in memory whole). */
  maxBodyBytes: z.number().int().min(1).max(MAX_BODY_BYTES, `must be at most ${MAX_BODY_BYTES} (64 MiB); a request body is held in memory whole`).default(1_048_576),
  /**
   * The most subscriptions one account may make through `subscribe_customer` (the open surface):
   * past it a new one is refused in Solar Proof's envelope. Subscribing again to one it has still works.
   */
  maxSubscriptionsPerAccount: z.number().int().min(1).max(1_000_000).default(1000),
  /**
   * Largest accepted `PUT /_emulator/state` body, in bytes (read at start): a state document holds
   * the whole journal, so it has its own limit (an export of a 100 000-delivery journal is ~170 MB).
   */
  maxStateBytes: z.number().int().min(1).max(512 * 1_048_576).default(256 * 1_048_576),
  /**
   * How an `action=` the emulator does not serve is answered (Solar Proof's docs are silent; the
   * legacy code table lists NOT_FOUND "for an endpoint that does not exist"): `notFound` is 404
   * `{"code":"NOT_FOUND","message":"Unknown action \"X\""}`, `invalidAction` the subscribe API's
   * 400 `{"success":false,"message":"Invalid action"}` of earlier versions. A missing action is
   * always `Invalid action`.
   */
  unknownAction: z.enum(['notFound', 'invalidAction']).default('notFound'),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;
