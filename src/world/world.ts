import { base, en, en_AU, Faker } from '@faker-js/faker';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import { UnknownSubjectError } from '../core/errors.js';
import type { Account } from '../core/account.js';
import { AccountWorld } from './account-world.js';
import { checkSubject, namedProject } from './check-subject.js';
import { createCustomer } from './customer-factory.js';
import type { Customer, Project, SalesUser } from './entities.js';
import { CUSTOMER_STATUS_IDS, type CustomerStatusId, type CustomerType } from '../core/customer-types.js';
import { projectEmail, projectSms, type ProjectEmail } from './messages.js';
import { designSystem, proposalLink, siteDetails } from './project-factory.js';
import { WorldClock } from './world-clock.js';
import type { SubjectRequest } from '../core/subject.js';

/** One transition that just happened, with everything a payload renderer needs. */
export interface Happening {
  type: EventType;
  account: Account;
  occurredAt: number;
  customer: Customer;
  project?: Project;
  /** customer_status_change: the status before the change (the customer now holds the new one). */
  previousStatus?: CustomerStatusId;
  email?: ProjectEmail;
  sms?: string;
}

/** The world's part of a state document (see `World.snapshot`). */
export interface WorldState {
  /** World time, epoch ms. */
  clock: number;
  nextCustomerId: number;
  nextProjectId: number;
  accounts: Array<{ apiKey: string; users: SalesUser[]; customers: Customer[]; projects: Project[] }>;
}

export interface WorldOptions {
  faker: Faker;
  clock: WorldClock;
  accounts: readonly Account[];
  salesUsers: number;
  /** Customers kept per account (oldest leave first); unbounded when absent. */
  maxCustomers?: number;
}

const FIRST_CUSTOMER_ID = 79_460;
const FIRST_PROJECT_ID = 2_143;

/**
 * The fake Solar Proof world of every account. Events are transitions in it (see `happen`), so
 * ids, names and statuses agree across every event about the same customer or project.
 * Customer and project ids come from one sequence for all accounts, like one shared database.
 */
export class World {
  private readonly faker: Faker;
  readonly clock: WorldClock;
  private readonly byKey = new Map<string, AccountWorld>();
  private nextCustomerId = FIRST_CUSTOMER_ID;
  private nextProjectId = FIRST_PROJECT_ID;

  constructor(opts: WorldOptions) {
    this.faker = opts.faker;
    this.clock = opts.clock;
    for (const a of opts.accounts) this.byKey.set(a.apiKey, new AccountWorld(a, this.faker, opts.salesUsers, opts.maxCustomers));
  }

  /**
   * The world's part of a state document: its clock, the id counters and every account's staff,
   * customers and projects. (New world state adds its own fields here and in `restore`.)
   */
  snapshot(): WorldState {
    return {
      clock: this.clock.now(),
      nextCustomerId: this.nextCustomerId,
      nextProjectId: this.nextProjectId,
      accounts: [...this.byKey.entries()].map(([apiKey, w]) => ({
        apiKey,
        users: w.users.map((u) => ({ ...u })),
        customers: [...w.customers.values()].map((c) => structuredClone(c)),
        projects: [...w.projects.values()].map((p) => structuredClone(p)),
      })),
    };
  }

  /** Continues from a snapshot: ids go on from its counters, never reissued. Every apiKey must be configured. */
  restore(state: WorldState): void {
    for (const a of state.accounts) this.account(a.apiKey); // throws before anything changes
    this.clock.restore(state.clock);
    this.nextCustomerId = state.nextCustomerId;
    this.nextProjectId = state.nextProjectId;
    for (const a of state.accounts) this.account(a.apiKey).load(a.users, a.customers.map((c) => structuredClone(c)), a.projects.map((p) => structuredClone(p)));
  }

  account(apiKey: string): AccountWorld {
    const w = this.byKey.get(apiKey);
    if (!w) throw new UnknownSubjectError(`No world for API key "${apiKey}".`);
    return w;
  }

  /** Makes one event of `type` happen in `apiKey`'s world and returns what changed. */
  happen(type: EventType, apiKey: string, subject: SubjectRequest, version: PayloadVersion): Happening {
    const w = this.account(apiKey);
    // Refuse a bad subject before anything moves (clock, random draws), so a refused call changes nothing.
    checkSubject(type, w, subject);
    const occurredAt = this.clock.tick();
    const base = { type, account: w.account, occurredAt };
    switch (type) {
      case 'customer_created': {
        return { ...base, customer: this.newCustomer(w, subject, occurredAt, version) };
      }
      case 'customer_status_change': {
        const target = subject.status;
        const customer = target === undefined ? this.customerFor(w, subject, occurredAt, version) : this.customerToMove(w, subject, occurredAt, version, target);
        const previousStatus = customer.status;
        customer.status = target ?? this.nextStatus(previousStatus);
        return { ...base, customer, previousStatus };
      }
      case 'recent_draft_project': {
        const project = this.projectFor(w, subject, occurredAt, version, w.draftPool.size > 0 && this.faker.datatype.boolean() ? 'drafts' : 'new');
        if (project.createdAt !== occurredAt) {
          // An update: the customer asked for changes, so half the time the design changes too.
          const customer = w.customers.get(project.customerId)!;
          if (this.faker.datatype.boolean()) project.design = designSystem(this.faker, customer.type, customer.address.state);
          project.isDraft = 1;
          project.proposalStatus = 'draft';
          project.updatedAt = occurredAt;
          w.track(project);
        }
        return { ...base, customer: w.customers.get(project.customerId)!, project };
      }
      case 'published_proposal_link': {
        const project = this.projectFor(w, subject, occurredAt, version, 'drafts');
        this.publish(w, project, occurredAt);
        return { ...base, customer: w.customers.get(project.customerId)!, project };
      }
      case 'project_email_sent':
      case 'project_sms_sent': {
        const project = this.projectFor(w, subject, occurredAt, version, 'any');
        const customer = w.customers.get(project.customerId)!;
        const user = w.users.find((u) => u.id === project.userId) ?? customer.assignedUser;
        return type === 'project_email_sent'
          ? { ...base, customer, project, email: projectEmail(this.faker, w.account, customer, project, user) }
          : { ...base, customer, project, sms: projectSms(this.faker, w.account, customer, project, user) };
      }
      case 'contract_signed': {
        const project = this.projectFor(w, subject, occurredAt, version, w.publishedPool.size > 0 ? 'published' : 'drafts');
        // Signing needs a published proposal: publish it silently first if it is still a draft.
        if (project.isDraft === 1) this.publish(w, project, occurredAt);
        project.signedAt = occurredAt;
        project.proposalStatus = 'signed';
        project.updatedAt = occurredAt;
        w.track(project);
        const customer = w.customers.get(project.customerId)!;
        customer.status = 2;
        return { ...base, customer, project };
      }
      default: {
        const never: never = type;
        throw new Error(`unknown event type ${String(never)}`);
      }
    }
  }

  /**
   * The customer a status change to `target` moves: the named one (checked up front), else a
   * random existing customer not already at `target`, else a new one created silently, which
   * starts at New Contacts (No Status when the target is New Contacts) so that it can move.
   */
  private customerToMove(w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion, target: CustomerStatusId): Customer {
    if (s.customerId !== undefined || s.projectId !== undefined) return this.customerFor(w, s, at, version);
    if (!s.newCustomer) {
      // A linear scan, but only for targeted changes without a named customer (rare, and bounded by world.maxCustomers).
      const movable: Customer[] = [];
      for (const c of w.customers.values()) if (c.status !== target) movable.push(c);
      if (movable.length > 0) return this.faker.helpers.arrayElement(movable);
    }
    const customer = this.newCustomer(w, s, at, version);
    if (customer.status === target) customer.status = target === 1 ? 0 : 1;
    return customer;
  }

  private newCustomer(w: AccountWorld, subject: SubjectRequest, at: number, version: PayloadVersion): Customer {
    const type = subject.customerType ?? this.faker.helpers.weightedArrayElement([
      { value: 'RESIDENTIAL' as const, weight: 85 },
      { value: 'COMMERCIAL' as const, weight: 12 },
      { value: 'LARGE-SCALE' as const, weight: 3 },
    ]);
    // v2 documents customer_status_id 1-3, so "No Status" (0) is only used by v1 worlds.
    const status: CustomerStatusId = version === 'v1' && this.faker.number.int({ min: 1, max: 5 }) === 1 ? 0 : 1;
    const id = this.nextCustomerId;
    this.nextCustomerId += this.faker.number.int({ min: 1, max: 4 });
    const customer = createCustomer(this.faker, { id, type, status, createdAt: at, assignedUser: this.faker.helpers.arrayElement(w.users) });
    w.addCustomer(customer);
    return customer;
  }

  /** The named customer, the named project's customer, a new one, or a random existing one. */
  private customerFor(w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion): Customer {
    if (s.customerId !== undefined) return w.customers.get(s.customerId)!;
    if (s.projectId !== undefined) return w.customers.get(namedProject(w, s.projectId).customerId)!;
    const existing = s.newCustomer ? undefined : w.customerPool.pick(this.faker);
    return existing !== undefined ? w.customers.get(existing)! : this.newCustomer(w, s, at, version);
  }

  /**
   * The project an event is about: the named one; else one from `prefer` (of the named customer
   * when there is one); else a new draft project, created silently (for an existing or new customer).
   */
  private projectFor(w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion, prefer: 'new' | 'drafts' | 'published' | 'any'): Project {
    if (s.projectId !== undefined) return namedProject(w, s.projectId);
    if (!s.newProject && !s.newCustomer && prefer !== 'new') {
      const pool = prefer === 'drafts' ? w.draftPool : prefer === 'published' ? w.publishedPool : w.projectPool;
      if (s.customerId !== undefined) {
        const own = w.customers.get(s.customerId)?.projectIds.filter((id) => pool.has(id)) ?? [];
        if (own.length > 0) return w.projects.get(this.faker.helpers.arrayElement(own))!;
      } else {
        const id = pool.pick(this.faker);
        if (id !== undefined) return w.projects.get(id)!;
      }
    }
    return this.newProject(w, this.customerFor(w, s, at, version), at);
  }

  private newProject(w: AccountWorld, customer: Customer, at: number): Project {
    const id = this.nextProjectId;
    this.nextProjectId += this.faker.number.int({ min: 1, max: 3 });
    const project: Project = {
      id,
      customerId: customer.id,
      userId: customer.assignedUser.id,
      nickname: `Project #${id}`,
      isDraft: 1,
      proposalStatus: 'draft',
      createdAt: at,
      updatedAt: at,
      design: designSystem(this.faker, customer.type, customer.address.state),
      site: siteDetails(this.faker, customer.type, customer.address.state),
      proposalLink: '',
      publishedAt: null,
      signedAt: null,
    };
    w.addProject(project);
    return project;
  }

  private publish(w: AccountWorld, p: Project, at: number): void {
    p.isDraft = 0;
    p.proposalStatus = 'sent';
    p.proposalLink = proposalLink(p.id);
    p.publishedAt = at;
    p.updatedAt = at;
    w.track(p);
  }

  /** Another status than `from`, mostly moving the sales pipeline forward. */
  private nextStatus(from: CustomerStatusId): CustomerStatusId {
    const others = CUSTOMER_STATUS_IDS.filter((s) => s !== from);
    return this.faker.helpers.weightedArrayElement(others.map((s) => ({ value: s, weight: s > from ? 3 : 1 })));
  }
}

/** ONE seeded Faker per emulator (Australian English first), never the global `faker`. */
export function createWorldFaker(seed: number): Faker {
  const faker = new Faker({ locale: [en_AU, en, base] });
  faker.seed(seed);
  return faker;
}
