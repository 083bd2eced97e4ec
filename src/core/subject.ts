import { z } from 'zod';
import { CUSTOMER_STATUS_IDS, CUSTOMER_TYPES, type CustomerStatusId, type CustomerType } from './customer-types.js';
import type { CustomerFields, ProjectFields } from './written-fields.js';

/**
 * Which world entities a triggered event is about. Absent fields: the world picks (or creates)
 * them as the event needs.
 */
export interface SubjectRequest {
  customerId?: number;
  projectId?: number;
  newCustomer?: boolean;
  newProject?: boolean;
  customerType?: CustomerType;
  /**
   * customer_status_change only: the status the customer moves to (it must differ from the
   * current one). Absent: the world picks another status, mostly forward in the pipeline.
   */
  status?: CustomerStatusId;
  /**
   * In-process only (the data API's writes; not accepted in a control-API body): fields the world
   * applies to the customer the event creates (customer_created, or a new customer of a project).
   */
  customerFields?: CustomerFields;
  /** In-process only: fields the world applies to the project the event creates (needs newProject). */
  projectFields?: ProjectFields;
}

/** `subject` as a request body carries it; contradictions are refused rather than resolved silently. */
export const subjectSchema = z
  .strictObject({
    customerId: z.int().positive().optional(),
    projectId: z.int().positive().optional(),
    newCustomer: z.boolean().optional(),
    newProject: z.boolean().optional(),
    customerType: z.enum(CUSTOMER_TYPES).optional(),
    status: z.literal(CUSTOMER_STATUS_IDS).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.newCustomer && (s.customerId !== undefined || s.projectId !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['newCustomer'], message: 'a new customer has no customerId or projectId yet; give newCustomer or an id, not both' });
    }
    if (s.newProject && s.projectId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['newProject'], message: 'a new project has no projectId yet; give newProject or projectId, not both' });
    }
  }) satisfies z.ZodType<SubjectRequest>;

/** What a problem about `subject` adds: the fields it takes. */
export const SUBJECT_HINT = 'subject takes customerId, projectId (ids from earlier events), newCustomer, newProject, customerType, status (customer_status_change: 0, 1, 2 or 3).';
