/**
 * Solar Proof's customer vocabulary (solarproof-api.md section 6), defined once: the world,
 * payloads, subjects, scenarios and the control API all read these.
 */

/** Status ids as Solar Proof documents them. */
export const CUSTOMER_STATUSES = { 0: 'No Status', 1: 'New Contacts', 2: 'Signed', 3: 'Mega Status' } as const;
export type CustomerStatusId = keyof typeof CUSTOMER_STATUSES;
export const CUSTOMER_STATUS_IDS = [0, 1, 2, 3] as const satisfies readonly CustomerStatusId[];

export const CUSTOMER_TYPES = ['RESIDENTIAL', 'COMMERCIAL', 'LARGE-SCALE'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
/** `customer_type_id` in v2 payloads. */
export const CUSTOMER_TYPE_IDS: Record<CustomerType, 1 | 2 | 3> = { RESIDENTIAL: 1, COMMERCIAL: 2, 'LARGE-SCALE': 3 };
