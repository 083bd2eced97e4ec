import type { Account } from '../core/account.js';
import type { CustomerStatusId } from '../core/customer-types.js';
import type { EventType } from '../core/event-types.js';
import type { Customer, Project } from './entities.js';
import type { ProjectEmail } from './messages.js';

/** What every happening carries: the event type, its account and the world time it happened at. */
interface HappeningBase<T extends EventType> {
  type: T;
  account: Account;
  occurredAt: number;
  customer: Customer;
}

/** An event about one of the customer's projects. */
interface ProjectHappening<T extends EventType> extends HappeningBase<T> {
  project: Project;
}

export type CustomerCreated = HappeningBase<'customer_created'>;
export interface CustomerStatusChanged extends HappeningBase<'customer_status_change'> {
  /** The status before the change (the customer now holds the new one). */
  previousStatus: CustomerStatusId;
}
export type DraftProjectChanged = ProjectHappening<'recent_draft_project'>;
export type ProposalPublished = ProjectHappening<'published_proposal_link'>;
export type ContractSigned = ProjectHappening<'contract_signed'>;
export interface ProjectEmailSent extends ProjectHappening<'project_email_sent'> {
  email: ProjectEmail;
}
export interface ProjectSmsSent extends ProjectHappening<'project_sms_sent'> {
  sms: string;
}

/**
 * One transition that just happened, with everything a payload renderer needs: one shape per
 * event type (keyed by `type`), so a renderer reads only what its event always has.
 */
export type Happening = CustomerCreated | CustomerStatusChanged | DraftProjectChanged | ProposalPublished | ContractSigned | ProjectEmailSent | ProjectSmsSent;

/** The happening of event type `T`. */
export type HappeningOf<T extends EventType> = Extract<Happening, { type: T }>;

/** The project a happening is about, or undefined for the customer-only events. */
export function happeningProject(h: Happening): Project | undefined {
  switch (h.type) {
    case 'customer_created':
    case 'customer_status_change':
      return undefined;
    case 'recent_draft_project':
    case 'published_proposal_link':
    case 'contract_signed':
    case 'project_email_sent':
    case 'project_sms_sent':
      return h.project;
    default: {
      const never: never = h;
      throw new Error(`unknown happening ${String((never as { type: unknown }).type)}`);
    }
  }
}
