import { z } from 'zod';
import { CUSTOMER_TYPES } from '../../core/customer-types.js';
import { unknownApiKey } from '../../core/errors.js';
import type { DataAccountWorld } from '../../data-api/data-api.js';
import { customerViews, projectViews } from '../../data-api/world-views.js';
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
      handle: ({ res, query }) => {
        checkKey(query.apiKey);
        const projects = projectViews(deps.worldAccounts(), query);
        res.json({ projects, total: projects.length });
      },
    }),
  ];
}
