import { z } from 'zod';
import { worldTimeProblem } from '../core/time-range.js';

/** The fake world: when its clock starts and how it is populated. */
export const worldConfigSchema = z.strictObject({
  /** ISO-8601 start of the world's own clock, or "now". Fixed by default so runs are byte-identical. */
  startTime: z
    .string()
    .refine((s) => s === 'now' || !Number.isNaN(Date.parse(s)), { message: 'expected an ISO-8601 time or "now"' })
    .refine((s) => s === 'now' || Number.isNaN(Date.parse(s)) || worldTimeProblem(Date.parse(s)) === undefined, {
      message: 'must be from 1970-01-01T00:00:00Z to 9000-01-01T00:00:00Z, or "now"',
    })
    .default('2026-01-05T09:00:00.000Z'),
  /** Sales users per account (besides the account's own user). */
  salesUsers: z.number().int().min(0).max(50).default(3),
  /**
   * Customers kept per account; past it the oldest customer and its projects leave the world
   * (their ids become unknown subjects), so long benchmark runs stay within bounded memory.
   */
  maxCustomers: z.number().int().min(100).max(1_000_000).default(20_000),
  /** A JSON file replacing event templates (see README, "Replacing a payload template"). */
  templatesFile: z.string().min(1).nullable().default(null),
  /** Existing customers (with projects in several stages) each account's world starts with. */
  initialCustomers: z.number().int().min(0).max(10_000).default(25),
  /** A JSON file of your own existing customers, seeded before the generated ones (docs/solarproof-api.md). */
  customersFile: z.string().min(1).nullable().default(null),
  /**
   * Absolute proposal links under this base (e.g. "https://solarproof.com.au"); null keeps the
   * documented relative form `/uploads/pdfs/<id>/proposal_<id>.pdf`.
   */
  proposalLinkBase: z.url({ protocol: /^https?$/ }).nullable().default(null),
});
export type WorldConfig = z.infer<typeof worldConfigSchema>;
