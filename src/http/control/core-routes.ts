import { z } from 'zod';
import type { Config } from '../../config/config-schema.js';
import type { ConfigUpdate } from '../../config/config-store.js';
import { EmulatorError } from '../../core/errors.js';
import type { Subscription, SubscriptionFilter } from '../../solarproof/subscription-store.js';
import { VERSION } from '../../core/version.js';
import { defineRoute, type ControlRoute } from './route.js';
import { configViewSchema, healthSchema, resetSchema, subscriptionListSchema } from './response-schemas.js';

export interface CoreRouteDeps {
  subscriptions: { list(filter: SubscriptionFilter): Subscription[] };
  config: { get(): Config; update(patch: unknown): ConfigUpdate };
  /** Back to the start state (same seed). */
  reset(): Promise<void>;
}

const subscriptionQuery = z.object({
  apiKey: z.string().optional(),
  hookUrl: z.string().optional(),
  type: z.string().optional(),
});

/** A JSON merge patch is an object; `null` would reset every key, `[]` means nothing. */
// Kept as sent (a record schema would copy it, and a "__proto__" key would vanish unchecked).
const configPatch = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a JSON object (a merge patch)');

/** The config as the control API shows it: the admin token is a secret, even to its holder. */
const shown = (c: Config): Config => (c.adminToken === undefined ? c : { ...c, adminToken: '***' });

/** Health, subscriptions, config and reset. */
export function coreRoutes(deps: CoreRouteDeps): ControlRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness: {"status":"ok","version"}',
      responses: { 200: healthSchema },
      handle: ({ res }) => {
        res.json({ status: 'ok', version: VERSION });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/subscriptions',
      summary: 'Every subscription: filters apiKey, hookUrl, type',
      responses: { 200: subscriptionListSchema },
      query: subscriptionQuery,
      handle: ({ res, query }) => {
        const { type, ...filter } = query;
        res.json({ subscriptions: deps.subscriptions.list(filter).filter((s) => type === undefined || s.type === type) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/config',
      summary: 'The runtime configuration',
      responses: { 200: configViewSchema },
      handle: ({ res }) => {
        res.json(shown(deps.config.get()));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/config',
      summary: 'Change the runtime configuration (JSON merge patch)',
      responses: { 200: configViewSchema },
      body: configPatch,
      handle: ({ res, body }) => {
        const result = deps.config.update(body);
        if (!result.ok) {
          throw new EmulatorError('INVALID_CONFIG', `The patch was not applied; fix these and send it again: ${result.problems.join('; ')}`, {
            extra: { problems: result.problems },
          });
        }
        res.json(shown(result.config));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/reset',
      summary: 'Back to the start state (same seed)',
      responses: { 200: resetSchema },
      handle: async ({ res }) => {
        await deps.reset();
        res.json({ status: 'reset' });
      },
    }),
  ];
}
