import type { Config } from '../../config/config-schema.js';
import type { ConfigUpdate } from '../../config/config-store.js';
import { EmulatorError } from '../../core/errors.js';
import type { Subscription, SubscriptionFilter } from '../../solarproof/subscription-store.js';
import { VERSION } from '../../core/version.js';
import { MAX_SUBSCRIPTION_PAGE } from '../../contract/request-schemas.js';
import { routes } from '../../contract/routes.js';
import { bind, type ControlRoute } from './route.js';

export interface CoreRouteDeps {
  subscriptions: { list(filter: SubscriptionFilter): Subscription[] };
  config: { get(): Config; update(patch: unknown): ConfigUpdate };
  /** Back to the start state (same seed). */
  reset(): Promise<void>;
}

/** The config as the control API shows it: the admin token is a secret, even to its holder. */
const shown = (c: Config): Config => (c.adminToken === undefined ? c : { ...c, adminToken: '***' });

/** Health, subscriptions, config and reset. */
export function coreRoutes(deps: CoreRouteDeps): ControlRoute[] {
  return [
    bind(routes.health, ({ res }) => {
      res.json({ status: 'ok', version: VERSION });
    }),
    bind(routes.listSubscriptions, ({ res, query }) => {
      const { type, limit = MAX_SUBSCRIPTION_PAGE, offset = 0, ...filter } = query;
      const all = deps.subscriptions.list(filter).filter((s) => type === undefined || s.type === type);
      const next = offset + limit;
      res.json({ subscriptions: all.slice(offset, next), total: all.length, ...(next < all.length ? { nextOffset: next } : {}) });
    }),
    bind(routes.getConfig, ({ res }) => {
      res.json(shown(deps.config.get()));
    }),
    bind(routes.patchConfig, ({ res, body }) => {
      const result = deps.config.update(body);
      if (!result.ok) {
        throw new EmulatorError('INVALID_CONFIG', `The patch was not applied; fix these and send it again: ${result.problems.join('; ')}`, {
          extra: { problems: result.problems },
        });
      }
      res.json(shown(result.config));
    }),
    bind(routes.reset, async ({ res }) => {
      await deps.reset();
      res.json({ status: 'reset' });
    }),
  ];
}
