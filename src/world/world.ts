import type { Faker } from '@faker-js/faker';
// The en_AU entry loads only the base, en and en_AU definitions (the package root loads every locale).
import { faker as auFaker } from '@faker-js/faker/locale/en_AU';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import { UnknownSubjectError } from '../core/errors.js';
import type { Account } from '../core/account.js';
import { AccountWorld } from './account-world.js';
import { checkSubject, namedProject } from './check-subject.js';
import { createCustomer } from './customer-factory.js';
import type { Address, Customer, Project, SalesUser } from './entities.js';
import type { CustomerFields, ProjectFields, WrittenAddress } from '../core/written-fields.js';
import { isStateCode } from './au-places.js';
import type { SeedCustomer } from './seed-customers.js';
import { CUSTOMER_STATUS_IDS, type CustomerStatusId, type CustomerType } from '../core/customer-types.js';
import { projectEmail, projectSms, type ProjectEmail } from './messages.js';
import { designSystem, proposalLink, siteDetails } from './project-factory.js';
import { inBusinessHours, nextBusinessMorning, WorldClock } from './world-clock.js';
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

/** The world's part of a state document (see `World.snapshot`): plain, JSON-serialisable data. */
export interface WorldState {
  /** World time, epoch ms. */
  clock: number;
  nextCustomerId: number;
  nextProjectId: number;
  accounts: Array<{ apiKey: string; users: SalesUser[]; customers: Customer[]; projects: Project[] }>;
}
export type WorldSnapshot = WorldState;

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

/** How far back the seeded book of existing customers reaches. */
const BOOK_DAYS = 120;
const DAY_MS = 86_400_000;
type Stage = 'lead' | 'draft' | 'published' | 'signed';

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
  private readonly proposalLinkBase: () => string | null;

  constructor(opts: WorldOptions) {
    this.faker = opts.faker;
    this.clock = opts.clock;
    const base = opts.proposalLinkBase;
    this.proposalLinkBase = typeof base === 'function' ? base : () => base ?? null;
    for (const a of opts.accounts) this.byKey.set(a.apiKey, new AccountWorld(a, this.faker, opts.salesUsers, opts.maxCustomers));
    this.seedBook(opts);
  }

  /** Every account's world, in configured order. */
  accounts(): AccountWorld[] {
    return [...this.byKey.values()];
  }

  /** The account's world, or undefined for a key the world does not have. */
  find(apiKey: string): AccountWorld | undefined {
    return this.byKey.get(apiKey);
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
    this.applyCustomerFields(w, customer, fields);
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
    const project = this.newProject(w, customer, at, fields);
    if (fields.isDraft === 0) this.publish(w, project, at);
    return project;
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
        const customer = target === undefined ? this.customerToAdvance(w, subject, occurredAt, version) : this.customerToMove(w, subject, occurredAt, version, target);
        const previousStatus = customer.status;
        customer.status = target ?? this.nextStatus(previousStatus);
        return { ...base, customer, previousStatus };
      }
      case 'recent_draft_project': {
        const prefer = subject.projectFields === undefined && w.draftPool.size > 0 && this.faker.datatype.boolean() ? 'drafts' : 'new';
        const project = this.projectFor(w, subject, occurredAt, version, prefer);
        if (project.createdAt !== occurredAt) {
          // An update: the customer asked for changes, so half the time the design changes too.
          const customer = w.customers.get(project.customerId)!;
          if (this.faker.datatype.boolean()) project.design = designSystem(this.faker, customer.type, (project.siteAddress ?? customer.address).state, project.site.phaseSupply, occurredAt);
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

  /**
   * The customer an unprompted status change moves: the named one, else a random existing customer
   * that can still move forward (not at Mega Status), else a new one.
   */
  private customerToAdvance(w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion): Customer {
    if (s.customerId !== undefined || s.projectId !== undefined || s.newCustomer) return this.customerFor(w, s, at, version);
    const id = w.customerPool.pick(this.faker);
    const existing = id === undefined ? undefined : w.customers.get(id);
    if (existing !== undefined && existing.status < 3) return existing;
    if (existing !== undefined) {
      // A linear scan, only when the pick is already at the last status (bounded by world.maxCustomers).
      const movable: Customer[] = [];
      for (const c of w.customers.values()) if (c.status < 3) movable.push(c);
      if (movable.length > 0) return this.faker.helpers.arrayElement(movable);
    }
    return this.newCustomer(w, s, at, version);
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
    const fields = subject.customerFields;
    const customer = createCustomer(this.faker, { id, type: fields?.type ?? type, status, createdAt: at, assignedUser: this.faker.helpers.arrayElement(w.users) });
    if (fields) this.applyCustomerFields(w, customer, fields);
    w.addCustomer(customer);
    return customer;
  }

  /** Writes the given fields onto a customer; a business customer keeps a company, a residential one none. */
  private applyCustomerFields(w: AccountWorld, c: Customer, f: CustomerFields): void {
    if (f.firstName !== undefined) c.firstName = f.firstName;
    if (f.surname !== undefined) c.surname = f.surname;
    if (f.email !== undefined) c.email = f.email;
    if (f.phonePrimary !== undefined) c.phonePrimary = f.phonePrimary;
    if (f.phoneSecondary !== undefined) c.phoneSecondary = f.phoneSecondary;
    if (f.type !== undefined) c.type = f.type;
    if (f.companyName !== undefined) c.companyName = f.companyName;
    if (f.companyPhone !== undefined) c.companyPhone = f.companyPhone;
    if (f.gstRegistered !== undefined) c.gstRegistered = f.gstRegistered;
    if (f.status !== undefined) c.status = f.status;
    if (f.notes !== undefined) c.notes = f.notes;
    if (f.address !== undefined) c.address = mergeAddress(c.address, f.address);
    if (f.assignedUserId !== undefined) c.assignedUser = w.users.find((u) => u.id === f.assignedUserId) ?? w.users[0]!;
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
    return this.newProject(w, this.customerFor(w, s, at, version), at, s.projectFields);
  }

  private newProject(w: AccountWorld, customer: Customer, at: number, fields: ProjectFields = {}): Project {
    const id = this.nextProjectId;
    this.nextProjectId += this.faker.number.int({ min: 1, max: 3 });
    const siteAddress = fields.siteAddress ? mergeAddress(customer.address, fields.siteAddress) : undefined;
    const state = (siteAddress ?? customer.address).state;
    // The site first: the inverter must suit its supply phase.
    const site = siteDetails(this.faker, customer.type, state);
    const project: Project = {
      id,
      customerId: customer.id,
      userId: fields.userId !== undefined && w.users.some((u) => u.id === fields.userId) ? fields.userId : customer.assignedUser.id,
      nickname: fields.nickname ?? `Project #${id}`,
      isDraft: 1,
      proposalStatus: 'draft',
      createdAt: at,
      updatedAt: at,
      design: designSystem(this.faker, customer.type, state, site.phaseSupply, at),
      site,
      ...(siteAddress ? { siteAddress } : {}),
      proposalLink: '',
      publishedAt: null,
      signedAt: null,
    };
    w.addProject(project);
    return project;
  }

  /**
   * The book of existing customers a fresh world starts with: the file's customers, then
   * `initialCustomers` generated ones per account, created on business days over the
   * ${BOOK_DAYS} days before the world's start, with projects in several stages (leads without
   * a project, drafts, published proposals, signed contracts). Statuses agree with the stage.
   */
  private seedBook(opts: WorldOptions): void {
    const start = this.clock.now();
    const accounts = [...this.byKey.values()];
    const own = opts.seedCustomers ?? [];
    const generated = opts.initialCustomers ?? 0;
    for (const w of accounts) {
      const mine = own.filter((c) => (c.apiKey ?? accounts[0]!.account.apiKey) === w.account.apiKey);
      const total = mine.length + generated;
      if (total === 0) continue;
      const step = Math.floor((BOOK_DAYS * DAY_MS) / total);
      let at = start - BOOK_DAYS * DAY_MS;
      const nextTime = (): number => {
        at += this.faker.number.int({ min: Math.floor(step / 2), max: step });
        if (!inBusinessHours(at)) at = nextBusinessMorning(at) + this.faker.number.int({ min: 0, max: 9 * 3600 }) * 1000;
        at = Math.floor(at / 1000) * 1000;
        return Math.min(at, start - 3 * DAY_MS);
      };
      for (const c of mine) {
        const createdAt = c.createdAt !== undefined ? Math.floor(Date.parse(c.createdAt) / 1000) * 1000 : nextTime();
        const signed = c.projects.some((p) => p.stage === 'signed');
        const customer = this.newCustomer(w, {
          customerType: c.type,
          customerFields: {
            firstName: c.firstName,
            surname: c.surname,
            email: c.email,
            type: c.type,
            status: c.status ?? (signed ? 2 : 1),
            ...(c.phone1 !== undefined ? { phonePrimary: c.phone1 } : {}),
            ...(c.phone2 !== undefined ? { phoneSecondary: c.phone2 } : {}),
            ...(c.companyName !== undefined ? { companyName: c.companyName } : {}),
            ...(c.companyPhone !== undefined ? { companyPhone: c.companyPhone } : {}),
            ...(c.gstRegistered !== undefined ? { gstRegistered: c.gstRegistered } : {}),
            ...(c.notes !== undefined ? { notes: c.notes } : {}),
            ...(c.address !== undefined ? { address: c.address } : {}),
          },
        }, createdAt, 'v2');
        for (const p of c.projects) this.seedProject(w, customer, p.stage, start, p.nickname);
      }
      for (let i = 0; i < generated; i++) {
        const stage = this.faker.helpers.weightedArrayElement<Stage>([
          { value: 'lead', weight: 20 },
          { value: 'draft', weight: 35 },
          { value: 'published', weight: 25 },
          { value: 'signed', weight: 20 },
        ]);
        const customer = this.newCustomer(w, { customerFields: { status: stage === 'signed' ? 2 : 1 } }, nextTime(), 'v2');
        if (stage !== 'lead') this.seedProject(w, customer, stage, start);
      }
    }
  }

  /** A project of a seeded customer at `stage`, its dates between the customer's creation and the world's start. */
  private seedProject(w: AccountWorld, customer: Customer, stage: Exclude<Stage, 'lead'>, start: number, nickname?: string): void {
    const room = Math.max(3_600_000, start - customer.createdAt - 3_600_000);
    // Whole seconds, like every world time.
    const later = (from: number, share: number): number => Math.floor(Math.min(start - 60_000, from + room * share * this.faker.number.float({ min: 0.3, max: 1 })) / 1000) * 1000;
    const created = later(customer.createdAt, 0.3);
    const project = this.newProject(w, customer, created, nickname !== undefined ? { nickname } : {});
    if (stage === 'draft') return;
    const published = later(created, 0.3);
    this.publish(w, project, published);
    if (stage === 'signed') {
      const signedAt = later(published, 0.3);
      project.signedAt = signedAt;
      project.proposalStatus = 'signed';
      project.updatedAt = signedAt;
      w.track(project);
      if (customer.status < 2) customer.status = 2;
    } else if (this.faker.datatype.boolean()) {
      project.proposalStatus = 'viewed';
    }
  }

  private publish(w: AccountWorld, p: Project, at: number): void {
    p.isDraft = 0;
    p.proposalStatus = 'sent';
    p.proposalLink = proposalLink(p.id, this.proposalLinkBase());
    p.publishedAt = at;
    p.updatedAt = at;
    w.track(p);
  }

  /**
   * The next status when no trigger names one: forward through the pipeline only (the next step
   * mostly), so a Signed customer never falls back to No Status unprompted. Only a named customer
   * already at the last status moves back (to New Contacts, a new enquiry).
   */
  private nextStatus(from: CustomerStatusId): CustomerStatusId {
    const ahead = CUSTOMER_STATUS_IDS.filter((s) => s > from && s > 0);
    if (ahead.length === 0) return 1;
    return this.faker.helpers.weightedArrayElement(ahead.map((s) => ({ value: s, weight: s === ahead[0] ? 3 : 1 })));
  }
}

/** `base` with the written parts replaced (a state that is not a state code keeps the old one). */
function mergeAddress(base: Address, w: WrittenAddress): Address {
  return {
    streetNum: w.streetNum ?? base.streetNum,
    street: w.street ?? base.street,
    suburb: w.suburb ?? base.suburb,
    state: w.state !== undefined && isStateCode(w.state) ? w.state : base.state,
    postcode: w.postcode ?? base.postcode,
    country: 'Australia',
  };
}

/** ONE seeded Faker per emulator (Australian English first), never the global `faker`. */
export function createWorldFaker(seed: number): Faker {
  // Same definitions as `[en_AU, en, base]`, merged by faker itself; a fresh instance per emulator.
  const FakerClass = auFaker.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  const faker = new FakerClass({ locale: auFaker.rawDefinitions });
  faker.seed(seed);
  return faker;
}
