import type { Faker } from '@faker-js/faker';
import type { Account } from '../core/account.js';
import { auSurname } from './au-names.js';
import { slug } from './customer-factory.js';
import type { Customer, Project, SalesUser } from './entities.js';
import { IdPool } from './id-pool.js';

/** One account's part of the world: its staff, customers and projects, indexed for quick picks. */
export class AccountWorld {
  readonly users: SalesUser[];
  readonly customers = new Map<number, Customer>();
  readonly projects = new Map<number, Project>();
  readonly customerPool = new IdPool();
  readonly projectPool = new IdPool();
  /** Drafts (is_draft 1, never signed). */
  readonly draftPool = new IdPool();
  /** Published and not yet signed. */
  readonly publishedPool = new IdPool();
  /** Customers added, changed or removed (a project's change counts for its customer) since the data dir's log last read them; undefined until it first does. */
  touched: Set<number> | undefined;

  constructor(
    readonly account: Account,
    faker: Faker,
    salesUsers: number,
    private readonly maxCustomers = Number.POSITIVE_INFINITY,
  ) {
    const domain = staffDomain(account);
    this.users = [{ id: account.userId, name: account.userName, email: account.userEmail }];
    for (let i = 1; i <= salesUsers; i++) {
      const first = faker.person.firstName();
      const last = auSurname(faker);
      this.users.push({ id: account.userId * 10 + i, name: `${first} ${last}`, email: `${slug(first)}.${slug(last)}@${domain}` });
    }
  }

  /** Replaces this account's world with saved records (a restored emulator); pools and indexes are rebuilt. */
  load(users: readonly SalesUser[], customers: readonly Customer[], projects: readonly Project[]): void {
    this.replaceWith([...users], customers.map((c) => structuredClone(c)), projects.map((p) => structuredClone(p)));
  }

  /** Marks a customer (and its projects) changed: call after a change made to it in place. */
  touch(customerId: number): void {
    this.touched?.add(customerId);
  }

  addCustomer(c: Customer): void {
    this.touched?.add(c.id);
    this.customers.set(c.id, c);
    this.customerPool.add(c.id);
    if (this.customers.size > this.maxCustomers) this.evictOldest();
  }

  /** Drops the oldest customer and its projects (Maps iterate in insertion order). */
  private evictOldest(): void {
    const oldest = this.customers.values().next().value;
    if (oldest) this.removeCustomer(oldest.id);
  }

  /** Removes a customer and its projects for good (their ids are never given out again); false when unknown. */
  removeCustomer(id: number): boolean {
    const customer = this.customers.get(id);
    if (!customer) return false;
    this.touched?.add(id);
    this.customers.delete(id);
    this.customerPool.remove(id);
    for (const pid of customer.projectIds) {
      this.projects.delete(pid);
      this.projectPool.remove(pid);
      this.draftPool.remove(pid);
      this.publishedPool.remove(pid);
    }
    return true;
  }

  /** Replaces everything with a snapshot's users, customers and projects (pools rebuilt). */
  replaceWith(users: SalesUser[], customers: Customer[], projects: Project[]): void {
    for (const id of [...this.customers.keys()]) this.removeCustomer(id);
    this.users.splice(0, this.users.length, ...users);
    const byId = new Map(projects.map((p) => [p.id, p]));
    for (const c of customers) {
      const ids = c.projectIds;
      c.projectIds = [];
      this.addCustomer(c);
      for (const id of ids) {
        const p = byId.get(id);
        if (p && p.customerId === c.id) this.addProject(p);
      }
    }
  }

  addProject(p: Project): void {
    this.projects.set(p.id, p);
    this.projectPool.add(p.id);
    this.customers.get(p.customerId)?.projectIds.push(p.id);
    this.track(p);
  }

  /** Keeps the draft/published pools in step with a project's state; call after every change. */
  track(p: Project): void {
    this.touched?.add(p.customerId);
    const signed = p.signedAt !== null;
    if (!signed && p.isDraft === 1) this.draftPool.add(p.id);
    else this.draftPool.remove(p.id);
    if (!signed && p.isDraft === 0) this.publishedPool.add(p.id);
    else this.publishedPool.remove(p.id);
  }
}

/** Staff emails share the account user's domain when it is a reserved example domain. */
function staffDomain(account: Account): string {
  const domain = account.userEmail.split('@')[1] ?? '';
  return /(^|\.)example\.(com|net|org)$/.test(domain) ? domain : `${slug(account.companyName)}.example.com`;
}
