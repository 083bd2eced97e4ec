import { CUSTOMER_STATUS_IDS, type CustomerStatusId } from '../core/customer-types.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import type { AccountWorld } from './account-world.js';
import type { Customer, Project, SalesUser } from './entities.js';
import type { EntityMaker } from './entity-maker.js';
import type {
  ContractSigned,
  CustomerCreated,
  CustomerStatusChanged,
  DraftProjectChanged,
  Happening,
  ProjectEmailSent,
  ProjectSmsSent,
  ProposalPublished,
} from './happening.js';
import { projectEmail, projectSms, type MessageContext } from './messages.js';
import { hasSignedProject, projectSite, statusAfterSigning } from './stage.js';
import { designSystem } from './project-factory.js';
import { customerOf, customerToAdvance, customerToMove, projectFor } from './subject-choice.js';

/**
 * What each event type does to an account's customers and projects. Each transition draws from
 * the world's one Faker in a fixed order, so the same seed and calls give the same world.
 */

/** One transition's inputs: the account's world, the subject, the event's time and payload version. */
export interface TransitionInput {
  m: EntityMaker;
  w: AccountWorld;
  subject: SubjectRequest;
  occurredAt: number;
  version: PayloadVersion;
  /**
   * What the transition caused besides itself, in order (a status change caused by signing, a
   * signing caused by a change to Signed): each is announced as an event of its own.
   */
  caused: Happening[];
}

/** Makes one event of `type` happen (the subject already checked, the clock already moved). */
export function transition(type: EventType, t: TransitionInput): Happening {
  switch (type) {
    case 'customer_created':
      return customerCreated(t);
    case 'customer_status_change':
      return customerStatusChange(t);
    case 'recent_draft_project':
      return recentDraftProject(t);
    case 'published_proposal_link':
      return publishedProposalLink(t);
    case 'project_email_sent':
      return projectEmailSent(t);
    case 'project_sms_sent':
      return projectSmsSent(t);
    case 'contract_signed':
      return contractSigned(t);
    default: {
      const never: never = type;
      throw new Error(`unknown event type ${String(never)}`);
    }
  }
}

function base<T extends EventType>(type: T, t: TransitionInput): { type: T; account: AccountWorld['account']; occurredAt: number } {
  return { type, account: t.w.account, occurredAt: t.occurredAt };
}

function customerCreated(t: TransitionInput): CustomerCreated {
  return { ...base('customer_created', t), customer: t.m.newCustomer(t.w, t.subject, t.occurredAt, t.version) };
}

function customerStatusChange(t: TransitionInput): CustomerStatusChanged {
  const { m, w, subject, occurredAt, version } = t;
  const target = subject.status;
  const customer = target === undefined ? customerToAdvance(m, w, subject, occurredAt, version) : customerToMove(m, w, subject, occurredAt, version, target);
  const previousStatus = customer.status;
  customer.status = target ?? nextStatus(m, previousStatus);
  // A customer reaches Signed only by signing a project: sign one of theirs when none is signed yet.
  if (customer.status === 2 && !hasSignedProject(customer, w.projects)) t.caused.push(signFor(t, customer));
  return { ...base('customer_status_change', t), customer, previousStatus };
}

/** Signs a project of `customer` (the named one, else a published, else a draft, else a new one) for a change to Signed. */
function signFor(t: TransitionInput, customer: Customer): ContractSigned {
  const { m, w, subject, occurredAt } = t;
  const named = subject.projectId !== undefined ? w.projects.get(subject.projectId) : undefined;
  const own = (pool: AccountWorld['draftPool']): number[] => customer.projectIds.filter((id) => pool.has(id));
  const ids = own(w.publishedPool).length > 0 ? own(w.publishedPool) : own(w.draftPool);
  const project = named && named.signedAt === null ? named : ids.length > 0 ? w.projects.get(m.faker.helpers.arrayElement(ids))! : m.newProject(w, customer, occurredAt);
  if (project.isDraft === 1) m.publish(w, project, occurredAt);
  m.sign(w, project, occurredAt);
  return { ...base('contract_signed', t), customer, project };
}

function recentDraftProject(t: TransitionInput): DraftProjectChanged {
  const { m, w, subject, occurredAt, version } = t;
  const prefer = subject.projectFields === undefined && w.draftPool.size > 0 && m.faker.datatype.boolean() ? 'drafts' : 'new';
  const project = projectFor(m, w, subject, occurredAt, version, prefer);
  const customer = customerOf(w, project.customerId);
  if (project.createdAt !== occurredAt) {
    // An update: the customer asked for changes, so half the time the design changes too.
    if (m.faker.datatype.boolean()) project.design = designSystem(m.faker, customer.type, projectSite(project, customer), project.site.phaseSupply, occurredAt);
    project.isDraft = 1;
    project.proposalStatus = 'draft';
    project.updatedAt = occurredAt;
    w.track(project);
  }
  return { ...base('recent_draft_project', t), customer, project };
}

function publishedProposalLink(t: TransitionInput): ProposalPublished {
  const { m, w, subject, occurredAt, version } = t;
  const project = projectFor(m, w, subject, occurredAt, version, 'drafts');
  m.publish(w, project, occurredAt);
  return { ...base('published_proposal_link', t), customer: customerOf(w, project.customerId), project };
}

/** The project a message is about, its customer and the sender (the project's user, else the customer's). */
function messageParts(t: TransitionInput): { project: Project; customer: Customer; user: SalesUser } {
  const { m, w, subject, occurredAt, version } = t;
  const project = projectFor(m, w, subject, occurredAt, version, 'any');
  const customer = customerOf(w, project.customerId);
  const user = w.users.find((u) => u.id === project.userId) ?? customer.assignedUser;
  return { project, customer, user };
}

function messageContext(t: TransitionInput, user: SalesUser): MessageContext {
  return { account: t.w.account, user, linkBase: t.m.proposalLinkBase() };
}

function projectEmailSent(t: TransitionInput): ProjectEmailSent {
  const { project, customer, user } = messageParts(t);
  return { ...base('project_email_sent', t), customer, project, email: projectEmail(t.m.faker, messageContext(t, user), customer, project) };
}

function projectSmsSent(t: TransitionInput): ProjectSmsSent {
  const { project, customer, user } = messageParts(t);
  return { ...base('project_sms_sent', t), customer, project, sms: projectSms(t.m.faker, messageContext(t, user), customer, project) };
}

function contractSigned(t: TransitionInput): ContractSigned {
  const { m, w, subject, occurredAt, version } = t;
  const project = projectFor(m, w, subject, occurredAt, version, w.publishedPool.size > 0 ? 'published' : 'drafts');
  // Signing needs a published proposal: publish it silently first if it is still a draft.
  if (project.isDraft === 1) m.publish(w, project, occurredAt);
  m.sign(w, project, occurredAt);
  const customer = customerOf(w, project.customerId);
  const previousStatus = customer.status;
  customer.status = statusAfterSigning(previousStatus);
  // Every status change the world makes is announced (a Mega Status customer stays Mega Status).
  if (customer.status !== previousStatus) t.caused.push({ ...base('customer_status_change', t), customer, previousStatus });
  return { ...base('contract_signed', t), customer, project };
}

/**
 * The next status when no trigger names one: forward through the pipeline only (the next step
 * mostly), so a Signed customer never falls back to No Status unprompted. Only a named customer
 * already at the last status moves back (to New Contacts, a new enquiry).
 */
function nextStatus(m: EntityMaker, from: CustomerStatusId): CustomerStatusId {
  const ahead = CUSTOMER_STATUS_IDS.filter((s) => s > from && s > 0);
  if (ahead.length === 0) return 1;
  return m.faker.helpers.weightedArrayElement(ahead.map((s) => ({ value: s, weight: s === ahead[0] ? 3 : 1 })));
}
