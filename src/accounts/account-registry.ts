import { DEFAULT_ACCOUNT, type Account } from '../config/config-schema.js';

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

/**
 * Accounts for a bare list of keys (`--api-key`, `SPMOCK_API_KEYS`): the default key keeps the
 * documented default account; every other key gets its own user and company, numbered by position.
 *
 * @example
 *   accountsFromKeys(['k1', 'k2'])[1].userId // 1002
 */
export function accountsFromKeys(keys: readonly string[]): Account[] {
  return keys.map((apiKey, i) =>
    apiKey === DEFAULT_ACCOUNT.apiKey
      ? { ...DEFAULT_ACCOUNT }
      : {
          apiKey,
          userId: 1001 + i,
          userName: `Test User ${i + 1}`,
          userEmail: `user${i + 1}@installer${i + 1}.example.com`,
          companyName: `Test Installer ${i + 1} Pty Ltd`,
          companyId: 501 + i,
        },
  );
}
