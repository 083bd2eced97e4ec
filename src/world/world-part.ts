import type { Account } from '../core/account.js';
import type { Random } from '../core/random.js';
import type { WorldConfig } from '../config/world-config.js';
import { loadSeedCustomers } from './seed-customers.js';
import { worldStart, WorldClock } from './world-clock.js';
import type { WorldState } from './world-state.js';
import { createWorldFaker, World } from './world.js';

/** A fixed seed for examples and template samples, so they never move the real world on. */
export const EXAMPLE_SEED = 2026;

export interface WorldPartOptions {
  accounts: readonly Account[];
  /**
   * The world settings in force. Read once here (sales users, customers kept, the book of existing
   * customers), except `startTime`, read again at each reset ("now" moves), and
   * `proposalLinkBase`, read at each publish (a runtime change applies).
   */
  settings(): WorldConfig;
  /** The world's own random stream: it seeds the world's one Faker. */
  random: Random;
  /** Wall clock, epoch ms (for `world.startTime: "now"`). */
  now(): number;
  /** The accounts in force (configured plus added at run time), read at restore; default `accounts`. */
  liveAccounts?(): readonly Account[];
}

/** The fake world as a part of the emulator: built and reset by the composition root. */
export interface WorldPart {
  readonly name: 'world';
  /** The world events happen in now (reset and restore replace it). */
  current(): World;
  /**
   * Builds the world now if nothing has yet (the emulator calls it just after start-up, beside the
   * transport's warm-up: decisions 0023, 0028), so the first event does not pay for faker and the
   * book of existing customers. The same world as when built later: seed and start are fixed.
   */
  warm(): void;
  /** A fresh world from the same seed: the same book of existing customers, the clock back at its start. */
  reset(): void;
  /** The world's part of a state document. */
  snapshot(): WorldState;
  /**
   * Continues from a snapshot; throws (changing nothing) when it names an unconfigured account.
   * Faker's internal state cannot be captured, so the random stream is re-derived from (seed,
   * `streamKey`): the catalogue passes its next event id, so the run goes on with new draws, and
   * every id continues from the saved counters.
   */
  restore(state: WorldState, streamKey: number): void;
  /**
   * A throwaway world from EXAMPLE_SEED (no book of existing customers, relative proposal links)
   * for examples and template checks: events in it never move the real world on.
   */
  sandbox(salesUsers?: number): World;
  /** Gives an account added at run time its own world, seeded from (seed, key); see World.addAccount. */
  addAccount(account: Account): void;
  /** Drops a revoked account's world. */
  removeAccount(apiKey: string): void;
}

/**
 * @example
 *   const world = createWorldPart({ accounts, settings: () => config.world, random: random.fork('world'), now: Date.now });
 *   world.current().happen('customer_created', 'sp_test_key', {}, 'v2').customer.id // 79460
 */
export function createWorldPart(opts: WorldPartOptions): WorldPart {
  const { accounts } = opts;
  const settings = opts.settings();
  const startTime = (): number => worldStart(opts.settings().startTime, opts.now);
  const seed = opts.random.int(0, 2_147_483_646);
  const seedCustomers = settings.customersFile ? loadSeedCustomers(settings.customersFile, accounts.map((a) => a.apiKey)) : [];

  const fresh = (start: number): World => {
    const faker = createWorldFaker(seed);
    return new World({
      faker,
      clock: new WorldClock(start, faker),
      accounts,
      salesUsers: settings.salesUsers,
      maxCustomers: settings.maxCustomers,
      initialCustomers: settings.initialCustomers,
      seedCustomers,
      proposalLinkBase: () => opts.settings().proposalLinkBase,
    });
  };
  // Built on first need, not here (faker and the book of existing customers cost tens of ms that a
  // start which only answers health or subscribe never uses; decision 0028). The seed was drawn
  // above and the start time is read now, so the world is the same whenever it is built.
  const firstStart = startTime();
  let built: World | undefined;
  const world = (): World => (built ??= fresh(firstStart));

  return {
    name: 'world',
    current: world,
    warm() {
      world();
    },
    reset() {
      built = fresh(startTime());
    },
    snapshot: () => world().snapshot(),
    restore(state, streamKey) {
      const faker = createWorldFaker(seed);
      faker.seed([seed, streamKey]);
      // The link base too: proposals published after a restore follow world.proposalLinkBase.
      const restored = new World({ faker, clock: new WorldClock(startTime(), faker), accounts: opts.liveAccounts?.() ?? accounts, salesUsers: 0, maxCustomers: settings.maxCustomers, proposalLinkBase: () => opts.settings().proposalLinkBase });
      restored.restore(state);
      built = restored;
    },
    addAccount(account) {
      world().addAccount(account, accountFaker(seed, account.apiKey), settings.salesUsers, settings.maxCustomers);
    },
    removeAccount(apiKey) {
      world().removeAccount(apiKey);
    },
    sandbox(salesUsers = settings.salesUsers) {
      const faker = createWorldFaker(EXAMPLE_SEED);
      return new World({ faker, clock: new WorldClock(startTime(), faker), accounts, salesUsers });
    },
  };
}

/** A Faker for one added account, from the world's seed and the key (FNV-1a): the same key gets the same staff. */
function accountFaker(seed: number, apiKey: string): ReturnType<typeof createWorldFaker> {
  let h = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) h = Math.imul(h ^ apiKey.charCodeAt(i), 0x01000193) >>> 0;
  const faker = createWorldFaker(seed);
  faker.seed([seed, h]);
  return faker;
}
