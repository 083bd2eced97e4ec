import { z } from 'zod';
import { DEFAULT_ACCOUNT, DEFAULT_API_KEY, type Account } from '../core/account.js';
import { EVENT_TYPES, eventTypesFor, PAYLOAD_VERSIONS } from '../core/event-types.js';
import { isValidHookUrl } from '../guard/hook-url.js';
import { parseHostPattern } from '../guard/host-pattern.js';
import { normaliseOrigin } from '../guard/origin.js';
import { apiConfigSchema, deliveryConfigSchema, MAX_DELAY_MS } from './delivery-config.js';
import { scenariosConfigSchema, scheduleSpecSchema } from './schedule-config.js';
import { worldConfigSchema } from './world-config.js';

export const accountSchema = z.strictObject({
  apiKey: z.string().min(1),
  /** Solar Proof's numeric id of the key's user (`fkuserid` in payloads). */
  userId: z.number().int().positive(),
  userName: z.string().min(1),
  userEmail: z.string().min(3),
  companyName: z.string().min(1),
  companyId: z.number().int().positive(),
}) satisfies z.ZodType<Account>;

/** A subscription made at start: `types` is a list, or "*" for every type of the payload version. */
export const startSubscriptionSchema = z.strictObject({
  hookUrl: z.string().min(1),
  types: z.union([z.literal('*'), z.array(z.enum(EVENT_TYPES)).min(1)]).default('*'),
  /** The account; default the first configured one. */
  apiKey: z.string().min(1).optional(),
});

/**
 * Every setting and every default, in one place. Flags, env vars, the config file, in-process
 * options and `PATCH /_emulator/config` only override what is here.
 */
export const configSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(4477),
    /** Drives every random choice. Unset: one is picked at start and logged. */
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    payloadVersion: z.enum(PAYLOAD_VERSIONS).default('v2'),
    /**
     * How webhook bodies are encoded: `json` (numbers as numbers), or `php`: every number a
     * string and slashes escaped (`\/`), as PHP's json_encode of database rows writes them.
     */
    payloadStyle: z.enum(['json', 'php']).default('json'),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /** `pretty`: one readable line per record; `json`: JSON lines. `auto`: pretty on a terminal, JSON otherwise (Docker, CI). */
    logFormat: z.enum(['auto', 'pretty', 'json']).default('auto'),
    /** Production rule for hookUrl: https and a public host. Off so local receivers work. */
    strictHookUrls: z.boolean().default(false),
    /** When set, every /_emulator route but GET /_emulator/health (and the dashboard's files) needs `Authorization: Bearer <adminToken>`. */
    adminToken: z.string().min(1).optional(),
    /** Host names (and `*.wildcards`, IPs) the server answers besides loopback names; `*` for any. Bound to all interfaces and empty: any Host. */
    allowedHosts: z.array(z.string().min(1)).default([]),
    /** Web origins (scheme://host[:port]) allowed to call the emulator from a browser, with CORS; its own origin always is. */
    allowedOrigins: z.array(z.string().min(1)).default([]),
    accounts: z
      .array(accountSchema)
      .min(1)
      .default([DEFAULT_ACCOUNT])
      .refine((a) => new Set(a.map((x) => x.apiKey)).size === a.length, { message: 'apiKey values must be unique' }),
    /** Multiplies every wait (latency, retry delays, schedule gaps, scenario delays). */
    timeScale: z.number().positive().max(1000).default(1),
    world: worldConfigSchema.prefault({}),
    delivery: deliveryConfigSchema.prefault({}),
    api: apiConfigSchema.prefault({}),
    schedules: z.array(scheduleSpecSchema).default([]),
    scenarios: scenariosConfigSchema.prefault({}),
    /** Folder where the emulator keeps its state across restarts (docs/persistence.md); unset: memory only. */
    dataDir: z.string().min(1).optional(),
    /** A state document (GET /_emulator/state) to load at start. */
    importFile: z.string().min(1).optional(),
    /** Where to write a state document when the emulator stops. */
    exportOnExit: z.string().min(1).optional(),
    /** Serve both surfaces over HTTPS with a self-signed certificate made at start (kept in the data dir's `tls/` when there is one). */
    tls: z.boolean().default(false),
    /** Serve over HTTPS with this certificate (PEM file; with `tlsKey`). */
    tlsCert: z.string().min(1).optional(),
    /** The private key (PEM file) of `tlsCert`. */
    tlsKey: z.string().min(1).optional(),
    /** Where to write the journal as an HTTP Archive (HAR 1.2) when the emulator stops. */
    exportHarOnExit: z.string().min(1).optional(),
    /** On SIGTERM/SIGINT: how long attempts in flight may take to finish before they are cancelled (real ms). */
    shutdownGraceMs: z.number().int().min(0).max(MAX_DELAY_MS, { message: `at most ${MAX_DELAY_MS} ms (one day)` }).default(5000),
    /** Subscriptions that exist from the start (and again after reset), as if made through apidata.php. */
    subscriptions: z.array(startSubscriptionSchema).default([]),
  })
  .superRefine((config, ctx) => {
    if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
      ctx.addIssue({ code: 'custom', path: [config.tlsCert === undefined ? 'tlsCert' : 'tlsKey'], message: 'give both tlsCert and tlsKey (--tls-cert FILE --tls-key FILE), or neither' });
    }
    config.allowedHosts.forEach((h, i) => {
      const parsed = parseHostPattern(h);
      if ('problem' in parsed) ctx.addIssue({ code: 'custom', path: ['allowedHosts', i], message: parsed.problem });
    });
    config.allowedOrigins.forEach((o, i) => {
      if (normaliseOrigin(o) === undefined) ctx.addIssue({ code: 'custom', path: ['allowedOrigins', i], message: `not an origin (scheme://host[:port]): ${JSON.stringify(o)}` });
    });
    const hookRules = { allowedHookHosts: config.delivery.allowedHookHosts, deniedHookHosts: config.delivery.deniedHookHosts, strict: config.strictHookUrls };
    const known = eventTypesFor(config.payloadVersion ?? 'v2');
    config.subscriptions.forEach((sub, i) => {
      if (!isValidHookUrl(sub.hookUrl, hookRules)) {
        ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'hookUrl'], message: `not an absolute http(s) URL${config.strictHookUrls ? ' on a public https host (strictHookUrls)' : ''}: ${JSON.stringify(sub.hookUrl)}` });
      }
      if (sub.apiKey !== undefined && !config.accounts.some((a) => a.apiKey === sub.apiKey)) {
        ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'apiKey'], message: `no account has the key ${JSON.stringify(sub.apiKey)}; configured keys: ${config.accounts.map((a) => a.apiKey).join(', ')}` });
      }
      if (sub.types !== '*') {
        sub.types.forEach((type, j) => {
          if (!known.includes(type)) {
            ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'types', j], message: `${type} does not exist in payload version ${config.payloadVersion}` });
          }
        });
      }
    });
  });

export type Config = z.infer<typeof configSchema>;
/** What a user may write: every key optional. */
export type ConfigInput = z.input<typeof configSchema>;

/** Keys that can only be set at start-up (PATCH /_emulator/config refuses them). */
/**
 * Nested keys read once at start-up (files and folders loaded then): changing them at run time
 * would load nothing, and `GET /_emulator/config` would no longer describe what is loaded.
 */
export const STARTUP_ONLY_PATHS = [
  ['world', 'templatesFile'],
  ['world', 'customersFile'],
  ['scenarios', 'dirs'],
] as const;
export const STARTUP_ONLY_KEYS = ['host', 'port', 'seed', 'accounts', 'logLevel', 'logFormat', 'subscriptions', 'adminToken', 'allowedHosts', 'allowedOrigins', 'dataDir', 'importFile', 'exportOnExit', 'exportHarOnExit', 'tls', 'tlsCert', 'tlsKey'] as const;
