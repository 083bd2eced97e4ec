import type { Account } from '../core/account.js';

/** The accounts the emulator knows, one per API key; the first is the default for triggers. */
export interface AccountRegistry {
  get(apiKey: string): Account | undefined;
  all(): readonly Account[];
  /** The first configured account: used when a trigger names no `apiKey`. */
  primary(): Account;
}

export function createAccountRegistry(accounts: readonly Account[]): AccountRegistry {
  const byKey = new Map(accounts.map((a) => [a.apiKey, a]));
  const first = accounts[0];
  if (!first) throw new Error('at least one account is required');
  return {
    get: (apiKey) => byKey.get(apiKey),
    all: () => accounts,
    primary: () => first,
  };
}
