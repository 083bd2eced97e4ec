import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { formatAddress } from '../../world/customer-factory.js';
import { isoSeconds, sqlDateTime } from '../../world/world-clock.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';
import { v1ProjectFields, v1ProjectValues, v2ProjectFields, v2ProjectValues } from './project-fields.js';

/** published_proposal_link: inferred in both versions from the documented project vocabulary. */
export const publishedProposalLink = {
  type: 'published_proposal_link',
  description: "A proposal link is published for a project. The world publishes a draft project's proposal (is_draft 0, proposal_status sent) and gives it a PDF link.",
  versions: {
    v1: versionSpec('published_proposal_link', {
      inferred: true,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        ...v1ProjectFields,
        siteaddress: z.string(),
        is_draft: z.literal(0),
        proposal_status: z.string().describe('"sent" when published'),
        proposal_link: z.string().describe('URL of the proposal PDF'),
        system_size: z.number().describe('kW'),
        total_price: z.number().describe('AUD incl. GST, before the STC rebate'),
        afterrebatecost: z.number(),
        created_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        updated_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
      })),
      render: ({ customer: c, project: p }) => {
        return {
          ...v1ProjectValues(c, p),
          siteaddress: formatAddress(p.siteAddress ?? c.address),
          is_draft: 0 as const,
          proposal_status: p.proposalStatus,
          proposal_link: p.proposalLink,
          system_size: p.design.systemSize,
          total_price: p.design.totalPrice,
          afterrebatecost: p.design.afterRebateCost,
          created_at: sqlDateTime(p.createdAt),
          updated_at: sqlDateTime(p.updatedAt),
        };
      },
    }),
    v2: versionSpec('published_proposal_link', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        ...v2ProjectFields,
        customer_email: z.string(),
        site_address: z.string(),
        is_draft: z.literal(0),
        proposal_status: z.string(),
        proposal_link: z.string(),
        system_size: z.number(),
        paneltype: z.string(),
        panelqty: z.int().positive(),
        invertertype: z.string(),
        batteryqty: z.int().min(0),
        total_price: z.number(),
        stcvalue: z.number(),
        afterrebatecost: z.number(),
        published_at: z.string().describe('ISO-8601 UTC'),
      })),
      render: ({ customer: c, project: p }) => {
        const d = p.design;
        return {
          ...v2ProjectValues(c, p),
          customer_email: c.email,
          site_address: formatAddress(p.siteAddress ?? c.address),
          is_draft: 0 as const,
          proposal_status: p.proposalStatus,
          proposal_link: p.proposalLink,
          system_size: d.systemSize,
          paneltype: d.panelType,
          panelqty: d.panelQty,
          invertertype: d.inverterType,
          batteryqty: d.batteryQty,
          total_price: d.totalPrice,
          stcvalue: d.stcValue,
          afterrebatecost: d.afterRebateCost,
          published_at: isoSeconds(p.publishedAt ?? p.updatedAt),
        };
      },
    }),
  },
} satisfies PayloadDefinition<'published_proposal_link'>;
