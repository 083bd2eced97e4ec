import { z } from 'zod';
import { CUSTOMER_STATUS_IDS, CUSTOMER_TYPES } from '../../core/customer-types.js';
import { unknownApiKey } from '../../core/errors.js';
import type { DataAccountWorld } from '../../solarproof/data-api.js';
import { customerViews, projectViews, type WorldCustomerView, type WorldProjectView } from '../../solarproof/world-views.js';
import { defineRoute, type ControlRoute } from './route.js';

export interface WorldRouteDeps {
  /** Every account's part of the world in force. */
  worldAccounts(): readonly DataAccountWorld[];
}

const id = z.string().regex(/^\d+$/, 'expected a positive integer id').transform(Number);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const customersQuery = z.strictObject({
  apiKey: z.string().min(1).optional(),
  customerId: id.optional(),
  email: z.string().min(1).optional(),
  statusId: z.enum(['0', '1', '2', '3']).transform((v) => Number(v) as 0 | 1 | 2 | 3).optional(),
  type: z.enum(CUSTOMER_TYPES).optional(),
});
const projectsQuery = z.strictObject({
  apiKey: z.string().min(1).optional(),
  customerId: id.optional(),
  projectId: id.optional(),
  isDraft: bool.optional(),
  proposalStatus: z.enum(['draft', 'sent', 'viewed', 'signed']).optional(),
});

const isoTime = z.iso.datetime({ offset: true });
export const worldCustomersSchema = z.object({
  customers: z.array(
    z.object({
      apiKey: z.string(),
      customerId: z.int(),
      name: z.string(),
      email: z.string(),
      type: z.enum(CUSTOMER_TYPES),
      statusId: z.literal(CUSTOMER_STATUS_IDS),
      status: z.string(),
      createdAt: isoTime,
      projectIds: z.array(z.int()),
      phone: z.string(),
      companyName: z.string(),
      assignedUserId: z.int(),
    }),
  ),
  total: z.int().min(0),
});
export const worldProjectsSchema = z.object({
  projects: z.array(
    z.object({
      apiKey: z.string(),
      projectId: z.int(),
      customerId: z.int(),
      nickname: z.string(),
      isDraft: z.boolean(),
      proposalStatus: z.enum(['draft', 'sent', 'viewed', 'signed']),
      proposalLink: z.string().nullable(),
      systemSizeKw: z.number(),
      createdAt: isoTime,
      updatedAt: isoTime,
      signedAt: isoTime.nullable(),
    }),
  ),
  total: z.int().min(0),
});

// The schemas say what the views say (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type WorldSchemaChecks = [
  Check<Same<z.output<typeof worldCustomersSchema>['customers'][number], WorldCustomerView>>,
  Check<Same<keyof z.output<typeof worldProjectsSchema>['projects'][number], keyof WorldProjectView>>,
];

/** The world's customers and projects, for tests and the dashboard. */
export function worldRoutes(deps: WorldRouteDeps): ControlRoute[] {
  const checkKey = (apiKey: string | undefined): void => {
    const keys = deps.worldAccounts().map((w) => w.account.apiKey);
    if (apiKey !== undefined && !keys.includes(apiKey)) throw unknownApiKey(apiKey, keys);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/world/customers',
      summary: 'The world\'s customers: filters apiKey, customerId, email, statusId, type',
      query: customersQuery,
      responses: { 200: worldCustomersSchema },
      handle: ({ res, query }) => {
        checkKey(query.apiKey);
        const customers = customerViews(deps.worldAccounts(), query);
        res.json({ customers, total: customers.length });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/world/projects',
      summary: 'The world\'s projects: filters apiKey, customerId, projectId, isDraft, proposalStatus',
      query: projectsQuery,
      responses: { 200: worldProjectsSchema },
      handle: ({ res, query }) => {
        checkKey(query.apiKey);
        const projects = projectViews(deps.worldAccounts(), query);
        res.json({ projects, total: projects.length });
      },
    }),
  ];
}
