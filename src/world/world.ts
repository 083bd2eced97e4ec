import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import { UnknownSubjectError } from '../core/errors.js';
import type { Account } from '../core/account.js';
import type { SubjectRequest } from '../core/subject.js';
import type { CustomerFields, ProjectFields } from '../core/written-fields.js';
import { AU_FIRST_NAMES } from './au-first-names.js';
import { AccountWorld } from './account-world.js';
import { checkSubject } from './check-subject.js';
import type { Customer, Project } from './entities.js';
import { EntityMaker } from './entity-maker.js';
import type { Happening } from './happening.js';
import { seedBook } from './seed-book.js';
import type { SeedCustomer } from './seed-customers.js';
import { transition } from './transitions.js';
import { WorldClock } from './world-clock.js';
import { restoreWorld, snapshotWorld, worldChanges, type WorldChanges, type WorldParts, type WorldState } from './world-state.js';

export type { Happening, HappeningOf } from './happening.js';
export type { WorldSnapshot, WorldState } from './world-state.js';

export interface WorldOptions {
  faker: Faker;
  clock: WorldClock;
  accounts: readonly Account[];
  salesUsers: number;
  /** Customers kept per account (oldest leave first); unbounded when absent. */
  maxCustomers?: number;
  /** Generated existing customers per account, with projects in several stages (`world.initialCustomers`). */
  initialCustomers?: number;
  /** A user's own existing customers (`world.customersFile`), seeded before the generated ones. */
  seedCustomers?: readonly SeedCustomer[];
  /**
   * Absolute proposal links under this base (`world.proposalLinkBase`, read at each publish so a
   * runtime change applies); absent or null: the documented relative form.
   */
  proposalLinkBase?: string | null | (() => string | null);
}

/**
 * The fake Solar Proof world of every account. Events are transitions in it (see `happen` and
 * transitions.ts), so ids, names and statuses agree across every event about the same customer
 * or project. Customer and project ids come from one sequence for all accounts (entity-maker.ts).
 */
export class World {
  readonly clock: WorldClock;
  private readonly maker: EntityMaker;
  private readonly byKey = new Map<string, AccountWorld>();

  constructor(opts: WorldOptions) {
    this.clock = opts.clock;
    this.maker = new EntityMaker(opts.faker, opts.proposalLinkBase);
    for (const a of opts.accounts) this.byKey.set(a.apiKey, new AccountWorld(a, opts.faker, opts.salesUsers, opts.maxCustomers));
    seedBook(this.maker, [...this.byKey.values()], { start: this.clock.now(), seedCustomers: opts.seedCustomers ?? [], initialCustomers: opts.initialCustomers ?? 0 });
  }

  /** The next customer and project ids (cheap: the data dir reserves ids ahead of them). */
  nextIds(): { nextCustomerId: number; nextProjectId: number } {
    return { nextCustomerId: this.maker.nextCustomerId, nextProjectId: this.maker.nextProjectId };
  }

  /** Every account's world, in configured order. */
  accounts(): AccountWorld[] {
    return [...this.byKey.values()];
  }

  /**
   * Adds an account at run time (`POST /_emulator/accounts`): its staff drawn from `faker` (seeded
   * from the seed and the key, so the world's own stream does not move) and no customers yet.
   */
  addAccount(account: Account, faker: Faker, salesUsers: number, maxCustomers?: number): AccountWorld {
    const w = new AccountWorld(account, faker, salesUsers, maxCustomers);
    this.byKey.set(account.apiKey, w);
    return w;
  }

  /** Drops a revoked account's world (its customers and projects); false when there was none. */
  removeAccount(apiKey: string): boolean {
    return this.byKey.delete(apiKey);
  }

  /** The account's world, or undefined for a key the world does not have. */
  find(apiKey: string): AccountWorld | undefined {
    return this.byKey.get(apiKey);
  }

  /** The account's world; throws UnknownSubjectError for a key the world does not have. */
  account(apiKey: string): AccountWorld {
    const w = this.byKey.get(apiKey);
    if (!w) throw new UnknownSubjectError(`No world for API key "${apiKey}".`);
    return w;
  }

  /**
   * Removes a customer and its projects for good: they never appear in later events, lists or
   * lookups, and their ids are never given out again. False when the account has no such customer.
   */
  deleteCustomer(apiKey: string, customerId: number): boolean {
    return this.account(apiKey).removeCustomer(customerId);
  }

  /** Changes only the fields given (the data API's updatecustomer); undefined when there is no such customer. */
  updateCustomer(apiKey: string, customerId: number, fields: CustomerFields): Customer | undefined {
    const w = this.account(apiKey);
    const customer = w.customers.get(customerId);
    if (!customer) return undefined;
    this.maker.applyCustomerFields(w, customer, fields);
    return customer;
  }

  /**
   * Adds a project without an event (the data API's createproject with is_draft 0: an active
   * project, its proposal published). A draft project goes through the trigger instead
   * (recent_draft_project with subject.projectFields), so its webhook is sent.
   */
  createProject(apiKey: string, customerId: number, fields: ProjectFields): Project {
    const w = this.account(apiKey);
    const customer = w.customers.get(customerId);
    if (!customer) throw new UnknownSubjectError(`Customer ${customerId} does not exist in account "${apiKey}"'s world.`);
    const at = this.clock.tick();
    const project = this.maker.newProject(w, customer, at, fields);
    if (fields.isDraft === 0) this.maker.publish(w, project, at);
    return project;
  }

  /** The world's part of a state document (world-state.ts). */
  snapshot(): WorldState {
    return snapshotWorld(this.parts());
  }

  /** Continues from a snapshot: ids go on from its counters, never reissued. Every apiKey must be configured. */
  restore(state: WorldState): void {
    restoreWorld(this.parts(), state);
  }

  /** Makes one event of `type` happen in `apiKey`'s world and returns what changed (see `happenAll`). */
  happen(type: EventType, apiKey: string, subject: SubjectRequest, version: PayloadVersion): Happening {
    return this.happenAll(type, apiKey, subject, version)[0]!;
  }

  /**
   * Makes one event of `type` happen and returns it first, then what it caused, each to be
   * announced as its own event (a contract_signed that moves the customer to Signed is followed
   * by its customer_status_change; a change to Signed signs a project: its contract_signed).
   */
  happenAll(type: EventType, apiKey: string, subject: SubjectRequest, version: PayloadVersion): Happening[] {
    const w = this.account(apiKey);
    // Refuse a bad subject before anything moves (clock, random draws), so a refused call changes nothing.
    checkSubject(type, w, subject);
    const occurredAt = this.clock.tick();
    const caused: Happening[] = [];
    const main = transition(type, { m: this.maker, w, subject, occurredAt, version, caused });
    const all = [main, ...caused];
    // Whatever a transition changed in place is about these customers: the data dir's log rereads them.
    for (const h of all) w.touch(h.customer.id);
    return all;
  }

  /** What changed since the last call (world-state.ts), for the data dir's log. */
  changes(): WorldChanges {
    return worldChanges(this.parts());
  }

  private parts(): WorldParts {
    return { clock: this.clock, maker: this.maker, byKey: this.byKey, account: (apiKey) => this.account(apiKey) };
  }
}

let baseFaker: Faker | undefined;
/** `true` in the CommonJS entry (scripts/build-cjs.ts defines it); not defined anywhere else. */
declare const SPMOCK_CJS_BUILD: boolean | undefined;
/**
 * faker's `base` entry, loaded when the first world is built, not at import: it costs CPU that a
 * start answering only health or subscribe never needs (decision 0028). `require` of an ES module
 * is synchronous on Node >= 20.19, so the world part stays synchronous. The CommonJS entry takes
 * the literal `require`, behind which esbuild bundles faker, as before (a runner with its own
 * module loader, jest, cannot require an ES module); everywhere else (the ES-module bundles, src/
 * under tsx or vitest) `createRequire` loads it from node_modules. The world reads one locale
 * definition, en_AU's first names (au-first-names.ts): the `en_AU` entry would load every English
 * definition too, ~3 MiB and ~30 ms of CPU more (decision 0037).
 */
function loadBaseFaker(): Faker {
  type BaseEntry = { faker: Faker };
  const cjs = typeof SPMOCK_CJS_BUILD !== 'undefined' && SPMOCK_CJS_BUILD;
  baseFaker ??= (cjs ? (require('@faker-js/faker/locale/base') as BaseEntry) : (createRequire(import.meta.url)('@faker-js/faker/locale/base') as BaseEntry)).faker;
  return baseFaker;
}

/** ONE seeded Faker per emulator (Australian English first), never the global `faker`. */
export function createWorldFaker(seed: number): Faker {
  // en_AU's first names over faker's base definitions: the same draws as `[en_AU, en, base]` for
  // what the world asks (world-faker.test.ts); a fresh instance per emulator.
  const base = loadBaseFaker();
  const FakerClass = base.constructor as new (options: { locale: Array<Faker['rawDefinitions']> }) => Faker;
  const faker = new FakerClass({ locale: [{ person: { first_name: AU_FIRST_NAMES } }, base.rawDefinitions] });
  faker.seed(seed);
  return faker;
}
