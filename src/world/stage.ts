/**
 * The stage model (docs/events.md, "One story per customer"): a project moves
 * draft -> published -> signed, and a customer's status follows the furthest stage of their
 * projects. Messages are worded from their project's own stage, never from the customer's status.
 */
import type { CustomerStatusId } from '../core/customer-types.js';
import type { Address, Customer, Project } from './entities.js';

export type ProjectStage = 'draft' | 'published' | 'signed';

/** Where a project stands: signed once its contract is signed, else draft or published by `is_draft`. */
export function projectStage(p: Project): ProjectStage {
  if (p.signedAt !== null) return 'signed';
  return p.isDraft === 1 ? 'draft' : 'published';
}

/** True when one of the customer's projects (looked up in `projects`) is signed. */
export function hasSignedProject(c: Customer, projects: ReadonlyMap<number, Project>): boolean {
  return c.projectIds.some((id) => projects.get(id)?.signedAt != null);
}

/**
 * The status signing a project moves a customer to: Signed, except that a Mega Status customer
 * stays Mega Status (a user's own status, beyond Signed) and a Signed one stays Signed.
 */
export function statusAfterSigning(current: CustomerStatusId): CustomerStatusId {
  return current === 3 ? 3 : 2;
}

/** The project's own site: the address createproject gave, else the customer's address. */
export function projectSite(p: Project, c: Customer): Address {
  return p.siteAddress ?? c.address;
}

/** The default base of the absolute proposal URL in messages (`world.proposalLinkBase` replaces it). */
export const DEFAULT_PROPOSAL_SITE = 'https://solarproof.com.au';

/**
 * The proposal URL a customer can click in a message: `proposal_link` itself when absolute, else
 * it under `base` (the relative `proposal_link` field stays as documented).
 *
 * @example messageLink('/uploads/pdfs/2143/proposal_2143.pdf', null) // 'https://solarproof.com.au/uploads/pdfs/2143/proposal_2143.pdf'
 */
export function messageLink(proposalLink: string, base: string | null): string {
  if (/^https?:\/\//.test(proposalLink)) return proposalLink;
  return `${(base ?? DEFAULT_PROPOSAL_SITE).replace(/\/+$/, '')}${proposalLink}`;
}
