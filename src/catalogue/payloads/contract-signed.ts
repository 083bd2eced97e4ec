import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { formatAddress } from '../../world/customer-factory.js';
import { sqlDateTime } from '../../world/world-clock.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';
import { v2ProjectFields, v2ProjectValues } from './project-fields.js';

/** contract_signed: v2 only, inferred. */
export const contractSigned = {
  type: 'contract_signed',
  description: "The customer signs a contract (v2 only). The world signs a published proposal (publishing a draft silently first) and moves the customer to Signed.",
  versions: {
    v2: versionSpec('contract_signed', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        ...v2ProjectFields,
        customer_email: z.string(),
        phone_primary: z.string(),
        site_address: z.string(),
        proposal_link: z.string(),
        proposal_status: z.literal('signed'),
        system_size: z.number(),
        total_price: z.number(),
        stcvalue: z.number(),
        afterrebatecost: z.number(),
        financetype: z.string(),
        signed_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        customer_status_id: z.int().min(0).max(3).describe('2 (Signed) after signing'),
        assigned_user_name: z.string(),
        company_name_full: z.string(),
      })),
      render: ({ customer: c, project: p, account }) => {
        return {
          ...v2ProjectValues(c, p),
          customer_email: c.email,
          phone_primary: c.phonePrimary,
          site_address: formatAddress(p.siteAddress ?? c.address),
          proposal_link: p.proposalLink,
          proposal_status: 'signed' as const,
          system_size: p.design.systemSize,
          total_price: p.design.totalPrice,
          stcvalue: p.design.stcValue,
          afterrebatecost: p.design.afterRebateCost,
          financetype: p.site.financeType,
          signed_at: sqlDateTime(p.signedAt ?? p.updatedAt),
          customer_status_id: c.status,
          assigned_user_name: c.assignedUser.name,
          company_name_full: account.companyName,
        };
      },
    }),
  },
} satisfies PayloadDefinition<'contract_signed'>;
