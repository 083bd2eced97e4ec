import type { CustomerStatusId } from '../core/customer-types.js';
import { UnknownSubjectError } from '../core/errors.js';
import type { PayloadVersion } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import type { AccountWorld } from './account-world.js';
import { namedProject } from './check-subject.js';
import type { Customer, Project } from './entities.js';
import type { EntityMaker } from './entity-maker.js';

/**
 * Which customer or project an event is about: the one the subject names (checked up front by
 * `checkSubject`), else one picked from the account's pools, else a new one made silently.
 */

/** Where `projectFor` looks before it makes a new project. */
export type ProjectPreference = 'new' | 'drafts' | 'published' | 'any';

/** Customer `id` of `w`. The world keeps every project's customer, and subjects are checked first. */
export function customerOf(w: AccountWorld, id: number): Customer {
  const c = w.customers.get(id);
  if (!c) throw new UnknownSubjectError(`Customer ${id} does not exist in account "${w.account.apiKey}"'s world.`);
  return c;
}

/**
 * The customer a status change to `target` moves: the named one (checked up front), else a
 * random existing customer not already at `target`, else a new one created silently, which
 * starts at New Contacts (No Status when the target is New Contacts) so that it can move.
 */
export function customerToMove(m: EntityMaker, w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion, target: CustomerStatusId): Customer {
  if (s.customerId !== undefined || s.projectId !== undefined) return customerFor(m, w, s, at, version);
  if (!s.newCustomer) {
    // A linear scan, but only for targeted changes without a named customer (rare, and bounded by world.maxCustomers).
    const movable: Customer[] = [];
    for (const c of w.customers.values()) if (c.status !== target) movable.push(c);
    if (movable.length > 0) return m.faker.helpers.arrayElement(movable);
  }
  const customer = m.newCustomer(w, s, at, version);
  if (customer.status === target) customer.status = target === 1 ? 0 : 1;
  return customer;
}

/**
 * The customer an unprompted status change moves: the named one, else a random existing customer
 * that can still move forward (not at Mega Status), else a new one.
 */
export function customerToAdvance(m: EntityMaker, w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion): Customer {
  if (s.customerId !== undefined || s.projectId !== undefined || s.newCustomer) return customerFor(m, w, s, at, version);
  const id = w.customerPool.pick(m.faker);
  const existing = id === undefined ? undefined : w.customers.get(id);
  if (existing !== undefined && existing.status < 3) return existing;
  if (existing !== undefined) {
    // A linear scan, only when the pick is already at the last status (bounded by world.maxCustomers).
    const movable: Customer[] = [];
    for (const c of w.customers.values()) if (c.status < 3) movable.push(c);
    if (movable.length > 0) return m.faker.helpers.arrayElement(movable);
  }
  return m.newCustomer(w, s, at, version);
}

/** The named customer, the named project's customer, a new one, or a random existing one. */
export function customerFor(m: EntityMaker, w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion): Customer {
  if (s.customerId !== undefined) return customerOf(w, s.customerId);
  if (s.projectId !== undefined) return customerOf(w, namedProject(w, s.projectId).customerId);
  const existing = s.newCustomer ? undefined : w.customerPool.pick(m.faker);
  return existing !== undefined ? customerOf(w, existing) : m.newCustomer(w, s, at, version);
}

/**
 * The project an event is about: the named one; else one from `prefer` (of the named customer
 * when there is one); else a new draft project, created silently (for an existing or new customer).
 */
export function projectFor(m: EntityMaker, w: AccountWorld, s: SubjectRequest, at: number, version: PayloadVersion, prefer: ProjectPreference): Project {
  if (s.projectId !== undefined) return namedProject(w, s.projectId);
  if (!s.newProject && !s.newCustomer && prefer !== 'new') {
    const pool = prefer === 'drafts' ? w.draftPool : prefer === 'published' ? w.publishedPool : w.projectPool;
    if (s.customerId !== undefined) {
      const own = w.customers.get(s.customerId)?.projectIds.filter((id) => pool.has(id)) ?? [];
      if (own.length > 0) return namedProject(w, m.faker.helpers.arrayElement(own));
    } else {
      const id = pool.pick(m.faker);
      if (id !== undefined) return namedProject(w, id);
    }
  }
  return m.newProject(w, customerFor(m, w, s, at, version), at, s.projectFields);
}
