import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { formatAddress } from '../../world/customer-factory.js';
import { sqlDateTime } from '../../world/world-clock.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';
import { v1ProjectFields, v1ProjectValues, v2ProjectFields, v2ProjectValues } from './project-fields.js';

/** recent_draft_project: inferred in both versions from the documented project vocabulary. */
export const recentDraftProject = {
  type: 'recent_draft_project',
  description: 'A draft project (quotation) is created or updated. The world creates a draft for a customer, or updates one of its drafts (sometimes with a new system design).',
  versions: {
    v1: versionSpec('recent_draft_project', {
      inferred: true,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        ...v1ProjectFields,
        // Only this payload's nickname carries an example; the override keeps the key's place.
        quotenickname: z.string().describe('e.g. "Project #2143"'),
        siteaddress: z.string(),
        is_draft: z.literal(1),
        proposal_status: z.literal('draft'),
        created_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        updated_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        total_price: z.number().describe('AUD incl. GST, before the STC rebate'),
        system_size: z.number().describe('kW'),
      })),
      render: ({ customer: c, project: p }) => {
        return {
          ...v1ProjectValues(c, p),
          siteaddress: formatAddress(p.siteAddress ?? c.address),
          is_draft: 1 as const,
          proposal_status: 'draft' as const,
          created_at: sqlDateTime(p.createdAt),
          updated_at: sqlDateTime(p.updatedAt),
          total_price: p.design.totalPrice,
          system_size: p.design.systemSize,
        };
      },
    }),
    v2: versionSpec('recent_draft_project', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        ...v2ProjectFields,
        customer_email: z.string(),
        site_address: z.string(),
        is_draft: z.literal(1),
        proposal_status: z.literal('draft'),
        quotecreationdate: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        updated_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
        system_size: z.number().describe('kW'),
        paneltype: z.string(),
        panelwattage: z.int().positive(),
        panelqty: z.int().positive(),
        invertertype: z.string(),
        battery_id: z.int().min(0).describe('0 when no battery is quoted'),
        batteryqty: z.int().min(0),
        total_price: z.number().describe('AUD incl. GST, before the STC rebate'),
        stcvalue: z.number().describe('AUD value of the STC rebate'),
        afterrebatecost: z.number().describe('total_price - stcvalue'),
        rooftype: z.string(),
        roofheight: z.string(),
        energyretailer: z.string(),
        nmi: z.string(),
        meter_number: z.string(),
        phase_supply: z.enum(['Single', 'Three']),
        dailykwhuse: z.number(),
        costperkwh: z.number().describe('AUD per kWh'),
        exportlimit: z.number().describe('kW'),
        financetype: z.string(),
      })),
      render: ({ customer: c, project: p }) => {
        const d = p.design;
        const s = p.site;
        return {
          ...v2ProjectValues(c, p),
          customer_email: c.email,
          site_address: formatAddress(p.siteAddress ?? c.address),
          is_draft: 1 as const,
          proposal_status: 'draft' as const,
          quotecreationdate: sqlDateTime(p.createdAt),
          updated_at: sqlDateTime(p.updatedAt),
          system_size: d.systemSize,
          paneltype: d.panelType,
          panelwattage: d.panelWattage,
          panelqty: d.panelQty,
          invertertype: d.inverterType,
          battery_id: d.batteryId,
          batteryqty: d.batteryQty,
          total_price: d.totalPrice,
          stcvalue: d.stcValue,
          afterrebatecost: d.afterRebateCost,
          rooftype: s.roofType,
          roofheight: s.roofHeight,
          energyretailer: s.energyRetailer,
          nmi: s.nmi,
          meter_number: s.meterNumber,
          phase_supply: s.phaseSupply,
          dailykwhuse: s.dailyKwhUse,
          costperkwh: s.costPerKwh,
          exportlimit: s.exportLimit,
          financetype: s.financeType,
        };
      },
    }),
  },
} satisfies PayloadDefinition<'recent_draft_project'>;
