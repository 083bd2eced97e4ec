import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { PayloadDefinition, VersionSpec } from './payload-definition.js';
import { contractSigned } from './payloads/contract-signed.js';
import { customerCreated } from './payloads/customer-created.js';
import { customerStatusChange } from './payloads/customer-status-change.js';
import { projectEmailSent, projectSmsSent } from './payloads/project-messages.js';
import { publishedProposalLink } from './payloads/published-proposal-link.js';
import { recentDraftProject } from './payloads/recent-draft-project.js';

/**
 * Every event type's payload definitions, one entry per type (checked complete by `satisfies`).
 * Not widened to `Record<EventType, PayloadDefinition>`, so payload-types.ts can read each
 * (type, version)'s schema back from its type.
 */
export const PAYLOAD_DEFINITIONS = {
  customer_created: customerCreated,
  customer_status_change: customerStatusChange,
  project_email_sent: projectEmailSent,
  project_sms_sent: projectSmsSent,
  published_proposal_link: publishedProposalLink,
  contract_signed: contractSigned,
  recent_draft_project: recentDraftProject,
} satisfies Record<EventType, PayloadDefinition>;

/** The built-in spec of (type, version), or undefined when that version does not know the type. */
export function builtInSpec(type: EventType, version: PayloadVersion): VersionSpec | undefined {
  const definition: PayloadDefinition = PAYLOAD_DEFINITIONS[type];
  return definition.versions[version];
}
