import type { AddAccountBody } from '../contract/account-schemas.js';
import { routes } from '../contract/routes.js';
import type { RouteCaller } from './call-route.js';

/**
 * The client's account calls (`/_emulator/accounts`): `add` makes a key work on both surfaces at
 * once (its own world, no customers yet); `revoke` makes both answer 'Invalid API key' and removes
 * its subscriptions (pending deliveries cancelled, reason `revoked`). Reset goes back to the
 * configured keys.
 *
 * @example
 *   await sp.accounts.add({ apiKey: 'sp_new_key' });
 *   await sp.accounts.revoke('sp_test_key'); // "the key was regenerated"
 */
export function accountCalls(call: RouteCaller) {
  return {
    /** Every key in force with its account (`origin`: config or api). */
    list: async () => (await call(routes.listAccounts)).accounts,
    /** Adds a key; throws EmulatorApiError ACCOUNT_EXISTS for a key in force. */
    add: (account: AddAccountBody) => call(routes.addAccount, { body: account }),
    /** Revokes a key; throws UNKNOWN_ACCOUNT for an unknown one, LAST_ACCOUNT for the only one left. */
    revoke: (apiKey: string) => call(routes.revokeAccount, { params: { apiKey } }),
  };
}
