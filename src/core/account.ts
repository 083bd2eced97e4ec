/** An account: what an API key belongs to (one user of one installer company). */
export interface Account {
  apiKey: string;
  /** Solar Proof's numeric id of the key's user (`fkuserid` in payloads). */
  userId: number;
  userName: string;
  userEmail: string;
  companyName: string;
  companyId: number;
}

/** The documented default API key (one account with a user, a company name and an id). */
export const DEFAULT_API_KEY = 'sp_test_key';

export const DEFAULT_ACCOUNT: Account = {
  apiKey: DEFAULT_API_KEY,
  userId: 1001,
  userName: 'Alex Installer',
  userEmail: 'alex@sunrise-solar.example.com',
  companyName: 'Sunrise Solar Pty Ltd',
  companyId: 501,
};

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
