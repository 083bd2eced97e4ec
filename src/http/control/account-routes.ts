import { routes } from '../../contract/routes.js';
import type { RunTimeAccounts } from '../../solarproof/run-time-accounts.js';
import { bind, type ControlRoute } from './route.js';

export interface AccountRouteDeps {
  /** Adding and revoking API keys at run time. */
  runTimeAccounts: RunTimeAccounts;
}

/** The API keys in force: list, add, revoke. */
export function accountRoutes(deps: AccountRouteDeps): ControlRoute[] {
  return [
    bind(routes.listAccounts, ({ res }) => {
      res.json({ accounts: deps.runTimeAccounts.list() });
    }),
    bind(routes.addAccount, ({ res, body }) => {
      res.status(201).json(deps.runTimeAccounts.add(body));
    }),
    bind(routes.revokeAccount, ({ res, params }) => {
      res.json(deps.runTimeAccounts.revoke(params.apiKey ?? ''));
    }),
  ];
}
