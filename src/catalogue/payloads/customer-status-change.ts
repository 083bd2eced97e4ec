import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { customerName } from '../../world/customer-factory.js';
import { CUSTOMER_STATUSES, CUSTOMER_TYPE_IDS, CUSTOMER_TYPES } from '../../core/customer-types.js';
import { isoSeconds, sqlDateTime } from '../../world/world-clock.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';

const statusId = lazySchema(() => z.int().min(0).max(3).describe('0 No Status, 1 New Contacts, 2 Signed, 3 Mega Status'));
const statusName = lazySchema(() => z.enum(Object.values(CUSTOMER_STATUSES) as [string, ...string[]]));

/** customer_status_change: v1 partly documented (extra fields inferred), v2 inferred. */
export const customerStatusChange = {
  type: 'customer_status_change',
  description: "A customer's status changes (No Status, New Contacts, Signed, Mega Status). The world moves an existing customer to another status and reports the real old and new status.",
  versions: {
    v1: versionSpec('customer_status_change', {
      inferred: false,
      inferredFields: ['customer_type', 'updated_at'],
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        pkcustomerid: z.int().positive(),
        fkuserid: z.int().positive(),
        customer_email: z.string(),
        customer_name: z.string(),
        old_status: statusId,
        new_status: statusId,
        customer_type: z.enum(CUSTOMER_TYPES),
        updated_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
      })),
      render: ({ customer: c, previousStatus, occurredAt }) => ({
        pkcustomerid: c.id,
        fkuserid: c.assignedUser.id,
        customer_email: c.email,
        customer_name: customerName(c),
        old_status: previousStatus,
        new_status: c.status,
        customer_type: c.type,
        updated_at: sqlDateTime(occurredAt),
      }),
    }),
    v2: versionSpec('customer_status_change', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        customer_id: z.int().positive(),
        customer_uid: z.string(),
        customer_name: z.string(),
        customer_email: z.string(),
        phone_primary: z.string(),
        customer_type_id: z.int().min(1).max(3),
        old_status_id: statusId,
        old_status_name: statusName,
        new_status_id: statusId,
        new_status_name: statusName,
        assigned_user_id: z.int().positive(),
        assigned_user_name: z.string(),
        assigned_user_email: z.string(),
        status_changed_at: z.string().describe('ISO-8601 UTC'),
        company_name_full: z.string(),
      })),
      render: ({ customer: c, previousStatus: old, occurredAt, account }) => {
        return {
          customer_id: c.id,
          customer_uid: c.uid,
          customer_name: customerName(c),
          customer_email: c.email,
          phone_primary: c.phonePrimary,
          customer_type_id: CUSTOMER_TYPE_IDS[c.type],
          old_status_id: old,
          old_status_name: CUSTOMER_STATUSES[old],
          new_status_id: c.status,
          new_status_name: CUSTOMER_STATUSES[c.status],
          assigned_user_id: c.assignedUser.id,
          assigned_user_name: c.assignedUser.name,
          assigned_user_email: c.assignedUser.email,
          status_changed_at: isoSeconds(occurredAt),
          company_name_full: account.companyName,
        };
      },
    }),
  },
} satisfies PayloadDefinition<'customer_status_change'>;
