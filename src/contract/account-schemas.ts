import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { accountSchema } from '../config/config-schema.js';

/** Accounts at run time (`GET/POST /accounts`, `DELETE /accounts/:apiKey`): the body and the answers. */

/**
 * `POST /accounts`: a new API key and, optionally, its account's user and company (the rest are
 * numbered after the highest ids in force). A key is printable ASCII without spaces, as it travels in a query string.
 */
export const addAccountBodySchema = lazySchema(() => z.strictObject({
  apiKey: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'apiKey must be printable ASCII without spaces (it travels in ?api_key=)'),
  userId: z.number().int().positive().max(2_147_483_647).optional(),
  userName: z.string().min(1).max(200).optional(),
  userEmail: z.string().min(3).max(254).optional(),
  companyName: z.string().min(1).max(200).optional(),
  companyId: z.number().int().positive().max(2_147_483_647).optional(),
}));
export type AddAccountBody = z.infer<typeof addAccountBodySchema>;

/** One account as the control API shows it: `origin` says whether it was configured or added at run time. */
export const accountViewSchema = lazySchema(() => accountSchema.extend({ origin: z.enum(['config', 'api']) }));
export type AccountView = z.infer<typeof accountViewSchema>;

export const accountListSchema = lazySchema(() => z.strictObject({ accounts: z.array(accountViewSchema) }));

/** `DELETE /accounts/:apiKey`: the revoked account and the subscriptions that went with it. */
export const accountRevokedSchema = lazySchema(() => z.strictObject({ account: accountViewSchema, subscriptionsRemoved: z.number().int().min(0) }));
