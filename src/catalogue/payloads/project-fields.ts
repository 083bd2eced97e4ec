import { z } from 'zod';
import { customerName } from '../../world/customer-factory.js';
import type { Customer, Project } from '../../world/entities.js';

/**
 * The fields every project event opens with, in each version's vocabulary. Each payload spreads
 * the schema fragment first in its strictObject and the matching values first in its render, so
 * these fields lead on the wire in this order. A payload that needs another description on one of
 * them overrides that key after the spread; the key keeps its place.
 */

/** v1 (Solar Proof's table column names): the project row and its foreign keys. */
export const v1ProjectFields = {
  pkcustomerquotationid: z.int().positive(),
  fkcustomerid: z.int().positive(),
  fkuserid: z.int().positive(),
  quotenickname: z.string(),
};

/** The values of `v1ProjectFields` for `project` of customer `c`. */
export function v1ProjectValues(c: Customer, project: Project): z.infer<z.ZodObject<typeof v1ProjectFields>> {
  return {
    pkcustomerquotationid: project.id,
    fkcustomerid: c.id,
    fkuserid: project.userId,
    quotenickname: project.nickname,
  };
}

/** v2 (readable names): the project, its customer and user, and the customer's name. */
export const v2ProjectFields = {
  project_id: z.int().positive(),
  customer_id: z.int().positive(),
  user_id: z.int().positive(),
  quotenickname: z.string(),
  customer_name: z.string(),
};

/** The values of `v2ProjectFields` for `project` of customer `c`. */
export function v2ProjectValues(c: Customer, project: Project): z.infer<z.ZodObject<typeof v2ProjectFields>> {
  return {
    project_id: project.id,
    customer_id: c.id,
    user_id: project.userId,
    quotenickname: project.nickname,
    customer_name: customerName(c),
  };
}
