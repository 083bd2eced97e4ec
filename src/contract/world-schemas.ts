import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { CUSTOMER_STATUS_IDS, CUSTOMER_TYPES } from '../core/customer-types.js';
import { isoTime } from './wire-values.js';

/** The world as the control API shows it (`GET /world/customers` and `/world/projects`): queries and answers. */

const PROPOSAL_STATUSES = ['draft', 'sent', 'viewed', 'signed'] as const;
const id = lazySchema(() => z.string().regex(/^\d+$/, 'expected a positive integer id').transform(Number));
const bool = lazySchema(() => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'));

export const worldCustomersQuery = lazySchema(() => z.strictObject({
  apiKey: z.string().min(1).optional(),
  customerId: id.optional(),
  email: z.string().min(1).optional(),
  statusId: z.enum(['0', '1', '2', '3']).transform((v) => Number(v) as 0 | 1 | 2 | 3).optional(),
  type: z.enum(CUSTOMER_TYPES).optional(),
}));
export const worldProjectsQuery = lazySchema(() => z.strictObject({
  apiKey: z.string().min(1).optional(),
  customerId: id.optional(),
  projectId: id.optional(),
  isDraft: bool.optional(),
  proposalStatus: z.enum(PROPOSAL_STATUSES).optional(),
}));
/** The filters as a client gives them (numbers and booleans; the query carries them as text). */
export type WorldCustomerFilter = z.output<typeof worldCustomersQuery>;
export type WorldProjectFilter = z.output<typeof worldProjectsQuery>;

export const worldCustomerSchema = lazySchema(() => z.object({
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
}));
export const worldCustomersSchema = lazySchema(() => z.object({ customers: z.array(worldCustomerSchema), total: z.int().min(0) }));

export const worldProjectSchema = lazySchema(() => z.object({
  apiKey: z.string(),
  projectId: z.int(),
  customerId: z.int(),
  nickname: z.string(),
  isDraft: z.boolean(),
  proposalStatus: z.enum(PROPOSAL_STATUSES),
  proposalLink: z.string().nullable(),
  systemSizeKw: z.number(),
  createdAt: isoTime,
  updatedAt: isoTime,
  signedAt: isoTime.nullable(),
}));
export const worldProjectsSchema = lazySchema(() => z.object({ projects: z.array(worldProjectSchema), total: z.int().min(0) }));
