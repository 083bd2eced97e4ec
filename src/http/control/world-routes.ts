import { routes } from '../../contract/routes.js';
import { unknownApiKey } from '../../core/errors.js';
import type { DataAccountWorld } from '../../solarproof/data-api.js';
import { customerViews, projectViews } from '../../solarproof/world-views.js';
import { bind, type ControlRoute } from './route.js';

export interface WorldRouteDeps {
  /** Every account's part of the world in force. */
  worldAccounts(): readonly DataAccountWorld[];
}

/** The world's customers and projects, for tests and the dashboard. */
export function worldRoutes(deps: WorldRouteDeps): ControlRoute[] {
  const checkKey = (apiKey: string | undefined): void => {
    const keys = deps.worldAccounts().map((w) => w.account.apiKey);
    if (apiKey !== undefined && !keys.includes(apiKey)) throw unknownApiKey(apiKey, keys);
  };
  return [
    bind(routes.worldCustomers, ({ res, query }) => {
      checkKey(query.apiKey);
      const customers = customerViews(deps.worldAccounts(), query);
      res.json({ customers, total: customers.length });
    }),
    bind(routes.worldProjects, ({ res, query }) => {
      checkKey(query.apiKey);
      const projects = projectViews(deps.worldAccounts(), query);
      res.json({ projects, total: projects.length });
    }),
  ];
}
