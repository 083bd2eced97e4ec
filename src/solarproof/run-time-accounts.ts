import type { Account } from '../core/account.js';
import { EmulatorError } from '../core/errors.js';
import { newAccount, type AccountRegistry } from './account-registry.js';

/** What adding and revoking keys at run time reads and changes. */
export interface RunTimeAccountDeps {
  registry: AccountRegistry;
  /** The world part: an added account gets its own world, a revoked one's is dropped. */
  world: { addAccount(account: Account): void; removeAccount(apiKey: string): void };
  /** A revoked key's subscriptions go (their pending deliveries are cancelled, reason `revoked`). */
  subscriptions: { removeAccount(apiKey: string): readonly unknown[] };
  /** The keys in force changed (the data dir writes a whole snapshot: its log holds no account records). */
  changed?(): void;
}

export type AccountOrigin = 'config' | 'api';
export type AccountView = Account & { origin: AccountOrigin };

/**
 * `POST/DELETE /_emulator/accounts`: "the key was regenerated" without a restart. An added key
 * works on both surfaces at once; a revoked one answers `Invalid API key` on both
 * (docs/decisions/0019-accounts-at-run-time.md).
 */
export function runTimeAccounts(deps: RunTimeAccountDeps) {
  const { registry } = deps;
  const view = (a: Account): AccountView => {
    const configured = registry.configured().some((c) => JSON.stringify(c) === JSON.stringify(a));
    return { ...a, origin: configured ? 'config' : 'api' };
  };
  return {
    list: (): AccountView[] => registry.all().map(view),
    add(given: Partial<Account> & { apiKey: string }): AccountView {
      if (registry.get(given.apiKey)) throw new EmulatorError('ACCOUNT_EXISTS', `The API key "${given.apiKey}" is already in force; revoke it first (DELETE /_emulator/accounts/:apiKey) or choose another key.`);
      const account = newAccount(given, registry.all());
      registry.add(account);
      deps.world.addAccount(account);
      deps.changed?.();
      return view(account);
    },
    revoke(apiKey: string): { account: AccountView; subscriptionsRemoved: number } {
      const account = registry.get(apiKey);
      const keys = registry.all().map((a) => a.apiKey);
      if (!account) throw new EmulatorError('UNKNOWN_ACCOUNT', `No account has the API key "${apiKey}". Keys in force: ${keys.join(', ')}.`);
      if (keys.length === 1) throw new EmulatorError('LAST_ACCOUNT', `"${apiKey}" is the only API key in force; add another (POST /_emulator/accounts) before revoking it.`);
      const shown = view(account);
      registry.remove(apiKey);
      const removed = deps.subscriptions.removeAccount(apiKey);
      deps.world.removeAccount(apiKey);
      deps.changed?.();
      return { account: shown, subscriptionsRemoved: removed.length };
    },
  };
}

export type RunTimeAccounts = ReturnType<typeof runTimeAccounts>;
