import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CUSTOMER_STATUS_IDS, CUSTOMER_TYPES } from '../core/customer-types.js';
import { EmulatorError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { lazySchema } from '../core/lazy-schema.js';
import { STATE_CODES } from './au-places.js';

/**
 * The customers file (`world.customersFile`): a user's own book of existing customers, seeded
 * into the world at start (and again at reset) before the generated ones (`world.initialCustomers`).
 *
 * { "customers": [ { "firstName": "Judy", "surname": "Matherson", "email": "judy@example.com",
 *     "projects": [ { "stage": "published" } ] } ] }
 */
// Built on first use (a customers file is read), not at import: start-up does not need it (decision 0038).
export const seedCustomerSchema = lazySchema(() => {
  const addressSchema = z.strictObject({
    streetNum: z.string().min(1),
    street: z.string().min(1),
    suburb: z.string().min(1),
    state: z.enum(STATE_CODES),
    postcode: z.string().regex(/^\d{4}$/, 'expected a 4-digit postcode'),
  });

  const projectSchema = z.strictObject({
    nickname: z.string().min(1).optional(),
    /** draft (is_draft 1), published (proposal sent, with its link), signed (contract signed). */
    stage: z.enum(['draft', 'published', 'signed']).default('draft'),
  });

  return z.strictObject({
    /** The account the customer belongs to; default the first configured one. */
    apiKey: z.string().min(1).optional(),
    firstName: z.string().min(1),
    surname: z.string().min(1),
    email: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected an e-mail address'),
    phone1: z.string().optional(),
    phone2: z.string().optional(),
    type: z.enum(CUSTOMER_TYPES).default('RESIDENTIAL'),
    /** 0 No Status, 1 New Contacts, 2 Signed, 3 Mega Status; default 2 with a signed project, else 1. */
    status: z.literal(CUSTOMER_STATUS_IDS).optional(),
    companyName: z.string().optional(),
    companyPhone: z.string().optional(),
    gstRegistered: z.union([z.literal(0), z.literal(1)]).optional(),
    notes: z.string().optional(),
    /** ISO-8601; default: spread over the weeks before the world's start. */
    createdAt: z.iso.datetime({ offset: true }).optional(),
    address: addressSchema.optional(),
    projects: z.array(projectSchema).default([]),
  });
});
export type SeedCustomer = z.infer<typeof seedCustomerSchema>;

const fileSchema = lazySchema(() => z.union([z.strictObject({ customers: z.array(seedCustomerSchema) }), z.array(seedCustomerSchema)]));

/** Reads and checks the file; throws INVALID_FILE naming the file and each bad field (`customers.2.email`). */
export function loadSeedCustomers(path: string, apiKeys: readonly string[]): SeedCustomer[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EmulatorError('INVALID_FILE', `world.customersFile ${path}: cannot read it as JSON (${(err as Error).message}).`);
  }
  return parseSeedCustomers(raw, apiKeys, path);
}

export function parseSeedCustomers(raw: unknown, apiKeys: readonly string[], source = 'customers'): SeedCustomer[] {
  const input = Array.isArray(raw) ? { customers: raw } : raw;
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    // The object form's issues name the field; report those (the union's own issue says less).
    const object = z.strictObject({ customers: z.array(seedCustomerSchema) }).safeParse(input);
    const issues = object.success ? parsed.error.issues : object.error.issues;
    throw new EmulatorError('INVALID_FILE', `world.customersFile ${source}: ${formatIssues(issues, input).join('; ')}. See docs/solarproof-api.md, "Seeding your own customers".`);
  }
  const customers = Array.isArray(parsed.data) ? parsed.data : parsed.data.customers;
  customers.forEach((c, i) => {
    if (c.apiKey !== undefined && !apiKeys.includes(c.apiKey)) {
      throw new EmulatorError('INVALID_FILE', `world.customersFile ${source}: customers.${i}.apiKey: no account has the key ${JSON.stringify(c.apiKey)}; configured keys: ${apiKeys.join(', ')}.`);
    }
  });
  return customers;
}
