import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { customerName, formatAddress } from '../../world/customer-factory.js';
import { CUSTOMER_TYPE_IDS, CUSTOMER_TYPES } from '../../core/customer-types.js';
import { isoSeconds } from '../../world/world-clock.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';

/** customer_created: both versions documented (solarproof-api.md section 6). */
export const customerCreated = {
  type: 'customer_created',
  description: 'A customer is created. The world adds a new customer (status New Contacts; in v1 sometimes No Status) assigned to one of the account\'s sales users.',
  versions: {
    v1: versionSpec('customer_created', {
      inferred: false,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        pkcustomerid: z.int().positive(),
        fkuserid: z.int().positive().describe('the owning (assigned) user'),
        customer_email: z.string(),
        customer_name: z.string(),
        customer_type: z.enum(CUSTOMER_TYPES),
        customer_status: z.int().min(0).max(3).describe('0 No Status, 1 New Contacts, 2 Signed, 3 Mega Status'),
      })),
      render: ({ customer: c }) => ({
        pkcustomerid: c.id,
        fkuserid: c.assignedUser.id,
        customer_email: c.email,
        customer_name: customerName(c),
        customer_type: c.type,
        customer_status: c.status,
      }),
    }),
    v2: versionSpec('customer_created', {
      inferred: false,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        customer_id: z.int().positive(),
        customer_uid: z.string().describe('8 hex characters'),
        first_name: z.string(),
        surname: z.string(),
        customer_name: z.string(),
        phone_primary: z.string().describe('Australian mobile, e.g. 0412345678'),
        phone_secondary: z.string().describe('may be ""'),
        customer_email: z.string(),
        company_name: z.string().describe('"" for residential customers'),
        company_phone: z.string(),
        abn: z.string().describe('11 digits passing the ABN checksum, or ""'),
        gst_registered: z.union([z.literal(0), z.literal(1)]),
        customer_type_id: z.int().min(1).max(3).describe('1 RESIDENTIAL, 2 COMMERCIAL, 3 LARGE-SCALE'),
        customer_status_id: z.int().min(1).max(3).describe('1 New Contacts, 2 Signed, 3 Mega Status'),
        site_address: z.string().describe('e.g. "45 Thuringowa Dr, Kirwan QLD 4817, Australia"'),
        customer_created_at: z.string().describe('ISO-8601 UTC, e.g. 2026-01-05T09:14:22Z'),
        customer_notes: z.string(),
        assigned_user_id: z.int().positive(),
        assigned_user_name: z.string(),
        assigned_user_email: z.string(),
        company_name_full: z.string().describe("the installer company's name"),
      })),
      render: ({ customer: c, account }) => ({
        customer_id: c.id,
        customer_uid: c.uid,
        first_name: c.firstName,
        surname: c.surname,
        customer_name: customerName(c),
        phone_primary: c.phonePrimary,
        phone_secondary: c.phoneSecondary,
        customer_email: c.email,
        company_name: c.companyName,
        company_phone: c.companyPhone,
        abn: c.abn,
        gst_registered: c.gstRegistered,
        customer_type_id: CUSTOMER_TYPE_IDS[c.type],
        // v2 worlds never create "No Status" customers (see World.newCustomer).
        customer_status_id: c.status === 0 ? 1 : c.status,
        site_address: c.noAddress ? '' : formatAddress(c.address),
        customer_created_at: isoSeconds(c.createdAt),
        customer_notes: c.notes,
        assigned_user_id: c.assignedUser.id,
        assigned_user_name: c.assignedUser.name,
        assigned_user_email: c.assignedUser.email,
        company_name_full: account.companyName,
      }),
    }),
  },
} satisfies PayloadDefinition<'customer_created'>;
