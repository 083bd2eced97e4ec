import type { Account } from '../core/account.js';

/**
 * The accounts the emulator knows, one per API key; the first is the default for triggers.
 * Keys can be added and revoked at run time (`POST/DELETE /_emulator/accounts`); `reset` goes
 * back to the configured set (docs/decisions/0019-accounts-at-run-time.md).
 */
export interface AccountRegistry {
  get(apiKey: string): Account | undefined;
  all(): readonly Account[];
  /** The first account in force: used when a trigger names no `apiKey`. */
  primary(): Account;
  /** The accounts the emulator was started with (`--api-key`, `accounts`). */
  configured(): readonly Account[];
  /** Adds an account; false (nothing changed) when its key is already known. */
  add(account: Account): boolean;
  /** Revokes a key; the account it belonged to, or undefined when the key is unknown. */
  remove(apiKey: string): Account | undefined;
  /** The accounts in force when they differ from the configured ones (a state document keeps them), else undefined. */
  changed(): Account[] | undefined;
  /** Replaces the accounts in force (a restored state document); undefined: the configured ones. */
  replace(accounts: readonly Account[] | undefined): void;
  /** Back to the configured accounts. */
  reset(): void;
}

export function createAccountRegistry(accounts: readonly Account[]): AccountRegistry {
  const first = accounts[0];
  if (!first) throw new Error('at least one account is required');
  const configured = accounts.map((a) => ({ ...a }));
  let list: Account[] = configured.map((a) => ({ ...a }));
  const same = (): boolean => list.length === configured.length && list.every((a, i) => JSON.stringify(a) === JSON.stringify(configured[i]));
  return {
    get: (apiKey) => list.find((a) => a.apiKey === apiKey),
    all: () => list,
    primary: () => list[0] ?? first,
    configured: () => configured,
    add(account) {
      if (list.some((a) => a.apiKey === account.apiKey)) return false;
      list = [...list, { ...account }];
      return true;
    },
    remove(apiKey) {
      const gone = list.find((a) => a.apiKey === apiKey);
      if (gone) list = list.filter((a) => a !== gone);
      return gone;
    },
    changed: () => (same() ? undefined : list.map((a) => ({ ...a }))),
    replace(saved) {
      list = (saved ?? configured).map((a) => ({ ...a }));
    },
    reset() {
      list = configured.map((a) => ({ ...a }));
    },
  };
}

/**
 * The account a `POST /_emulator/accounts` body makes: what is given, the rest numbered after the
 * highest user and company ids in force (so two added accounts never share a user).
 *
 * @example newAccount({ apiKey: 'k2' }, [DEFAULT_ACCOUNT]).userId // 1002
 */
export function newAccount(given: Partial<Account> & { apiKey: string }, existing: readonly Account[]): Account {
  const userId = given.userId ?? Math.max(1000, ...existing.map((a) => a.userId)) + 1;
  const n = userId - 1000;
  return {
    apiKey: given.apiKey,
    userId,
    userName: given.userName ?? `Test User ${n}`,
    userEmail: given.userEmail ?? `user${n}@installer${n}.example.com`,
    companyName: given.companyName ?? `Test Installer ${n} Pty Ltd`,
    companyId: given.companyId ?? Math.max(500, ...existing.map((a) => a.companyId)) + 1,
  };
}
