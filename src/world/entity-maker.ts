import type { Faker } from '@faker-js/faker';
import type { PayloadVersion } from '../core/event-types.js';
import type { CustomerStatusId } from '../core/customer-types.js';
import type { SubjectRequest } from '../core/subject.js';
import type { CustomerFields, ProjectFields, WrittenAddress } from '../core/written-fields.js';
import type { AccountWorld } from './account-world.js';
import { isStateCode } from './au-places.js';
import { createCustomer } from './customer-factory.js';
import type { Address, Customer, Project } from './entities.js';
import { designSystem, proposalLink, siteDetails } from './project-factory.js';
import { completeSite, isSiteProblem } from './site-address.js';
import { InvalidSubjectError } from '../core/errors.js';

export const FIRST_CUSTOMER_ID = 79_460;
export const FIRST_PROJECT_ID = 2_143;

/**
 * Makes and changes the world's customers and projects. Customer and project ids come from one
 * sequence for all accounts, like one shared database. Every draw comes from the world's one
 * Faker, in a fixed order, so the same seed makes the same entities.
 */
export class EntityMaker {
  nextCustomerId = FIRST_CUSTOMER_ID;
  nextProjectId = FIRST_PROJECT_ID;
  /** `world.proposalLinkBase` in force (read at each publish and message). */
  readonly proposalLinkBase: () => string | null;

  constructor(
    readonly faker: Faker,
    proposalLinkBase: string | null | (() => string | null) | undefined,
  ) {
    this.proposalLinkBase = typeof proposalLinkBase === 'function' ? proposalLinkBase : () => proposalLinkBase ?? null;
  }

  newCustomer(w: AccountWorld, subject: SubjectRequest, at: number, version: PayloadVersion): Customer {
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
  applyCustomerFields(w: AccountWorld, c: Customer, f: CustomerFields): void {
    w.touch(c.id);
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
    if (f.address === null) c.noAddress = true;
    else if (f.address !== undefined) {
      c.address = mergeAddress(c.address, f.address);
      delete c.noAddress;
    }
    if (f.assignedUserId !== undefined) c.assignedUser = w.users.find((u) => u.id === f.assignedUserId) ?? w.users[0]!;
  }

  newProject(w: AccountWorld, customer: Customer, at: number, fields: ProjectFields = {}): Project {
    const id = this.nextProjectId;
    this.nextProjectId += this.faker.number.int({ min: 1, max: 3 });
    const siteAddress = fields.siteAddress ? writtenSite(fields.siteAddress) : undefined;
    const place = siteAddress ?? customer.address;
    // The site first: the inverter must suit its supply phase.
    const site = siteDetails(this.faker, customer.type, place.state);
    const project: Project = {
      id,
      customerId: customer.id,
      userId: fields.userId !== undefined && w.users.some((u) => u.id === fields.userId) ? fields.userId : customer.assignedUser.id,
      nickname: fields.nickname ?? `Project #${id}`,
      isDraft: 1,
      proposalStatus: 'draft',
      createdAt: at,
      updatedAt: at,
      design: designSystem(this.faker, customer.type, place, site.phaseSupply, at),
      site,
      ...(siteAddress ? { siteAddress } : {}),
      proposalLink: '',
      publishedAt: null,
      signedAt: null,
    };
    w.addProject(project);
    return project;
  }

  /** Publishes a project's proposal: is_draft 0, status sent, and its PDF link. */
  publish(w: AccountWorld, p: Project, at: number): void {
    p.isDraft = 0;
    p.proposalStatus = 'sent';
    p.proposalLink = proposalLink(p.id, this.proposalLinkBase());
    p.publishedAt = at;
    p.updatedAt = at;
    w.track(p);
  }

  /** Signs a published project's contract at `at`. */
  sign(w: AccountWorld, p: Project, at: number): void {
    p.signedAt = at;
    p.proposalStatus = 'signed';
    p.updatedAt = at;
    w.track(p);
  }
}

/** A written site completed from the world's places (never from the customer's address). */
function writtenSite(w: WrittenAddress): Address {
  const site = completeSite(w);
  if (isSiteProblem(site)) throw new InvalidSubjectError(site.message);
  return site;
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
