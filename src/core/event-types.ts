/**
 * The event types Solar Proof documents (solarproof-api.md section 4), and which payload
 * version knows which. This list is the single source: subscribe validation, the catalogue,
 * triggers and schedules all read it.
 */
export const EVENT_TYPES = [
  'customer_created',
  'customer_status_change',
  'project_email_sent',
  'project_sms_sent',
  'published_proposal_link',
  'contract_signed',
  'recent_draft_project',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const PAYLOAD_VERSIONS = ['v1', 'v2'] as const;
export type PayloadVersion = (typeof PAYLOAD_VERSIONS)[number];

/** `contract_signed` exists only in v2 (and is missing from the subscribe page's list). */
const V1_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => t !== 'contract_signed');

/** The event types a given payload version accepts, in documentation order. */
export function eventTypesFor(version: PayloadVersion): readonly EventType[] {
  return version === 'v1' ? V1_TYPES : EVENT_TYPES;
}

export function isEventType(value: unknown, version: PayloadVersion): value is EventType {
  return typeof value === 'string' && (eventTypesFor(version) as readonly string[]).includes(value);
}
