import type { EventType } from '../core/event-types.js';
import { InvalidSubjectError, UnknownSubjectError } from '../core/errors.js';
import type { AccountWorld } from './account-world.js';
import { type Project } from './entities.js';
import { CUSTOMER_STATUS_IDS, CUSTOMER_STATUSES } from '../core/customer-types.js';
import type { SubjectRequest } from '../core/subject.js';

/**
 * Throws when subject `s` cannot take part in a `type` event in `w`: a named customer or project
 * that does not exist or does not fit, or a `subject.status` that is not a change. The world calls
 * it before anything moves (clock, random draws), so a refused call changes nothing.
 */
export function checkSubject(type: EventType, w: AccountWorld, s: SubjectRequest): void {
  checkEntities(type, w, s);
  checkTargetStatus(type, w, s);
}

/** Project `id` of `w`; throws when it does not exist. */
export function namedProject(w: AccountWorld, id: number): Project {
  const p = w.projects.get(id);
  if (!p) throw new UnknownSubjectError(`Project ${id} does not exist in account "${w.account.apiKey}"'s world; use the project_id of an earlier event (or subject.newProject).`);
  return p;
}

/** Throws when a named customer or project does not exist or cannot take part in `type`. */
function checkEntities(type: EventType, w: AccountWorld, s: SubjectRequest): void {
  if (type === 'customer_created' && (s.customerId !== undefined || s.projectId !== undefined)) {
    throw new InvalidSubjectError('customer_created always adds a new customer; drop subject.customerId/projectId (use subject.customerType to choose its type).');
  }
  if (s.customerId !== undefined && !w.customers.has(s.customerId)) {
    throw new UnknownSubjectError(`Customer ${s.customerId} does not exist in account "${w.account.apiKey}"'s world; use the customer_id of an earlier event (or subject.newCustomer).`);
  }
  if (s.projectId === undefined) return;
  const p = namedProject(w, s.projectId);
  if (s.customerId !== undefined && p.customerId !== s.customerId) {
    throw new InvalidSubjectError(`Project ${p.id} belongs to customer ${p.customerId}, not ${s.customerId}; send one of them or a matching pair.`);
  }
  const changesProject = type === 'recent_draft_project' || type === 'published_proposal_link' || type === 'contract_signed';
  if (changesProject && p.signedAt !== null) {
    throw new InvalidSubjectError(`Project ${p.id} is already signed, so ${type} cannot happen to it; use another project or subject.newProject.`);
  }
}

/** Refuses `subject.status` on other types, and a named customer that already has that status. */
function checkTargetStatus(type: EventType, w: AccountWorld, s: SubjectRequest): void {
  const target = s.status;
  if (target === undefined) return;
  if (type !== 'customer_status_change') {
    throw new InvalidSubjectError(`subject.status is the status a customer_status_change moves the customer to; ${type} does not change a status, so drop subject.status.`);
  }
  const id = s.customerId ?? (s.projectId !== undefined ? namedProject(w, s.projectId).customerId : undefined);
  const current = id === undefined ? undefined : w.customers.get(id)?.status;
  if (current === target) {
    const others = CUSTOMER_STATUS_IDS.filter((x) => x !== target).map((x) => `${x} ${CUSTOMER_STATUSES[x]}`);
    throw new InvalidSubjectError(`Customer ${id} already has status ${target} (${CUSTOMER_STATUSES[target]}), so it cannot change to it; send another subject.status (${others.join(', ')}) or another customer.`);
  }
}
