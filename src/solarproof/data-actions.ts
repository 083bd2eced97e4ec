/**
 * The data actions of `/apidata.php`, as one machine-readable table: name, methods, query
 * parameters, body schema, success and error shapes (for docs and a generated OpenAPI document).
 * Facts tagged [DOC] in solarproof-api.md section 7; `ours` lists the decisions the emulator made.
 * The table is also the source of the action names: the handler map in `data-api.ts` is keyed by
 * them, so an action without a handler (or a handler without an action) does not compile.
 */
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import {
  createCustomerData,
  createProjectData,
  customerRecordSchema,
  deleteCustomerData,
  projectCustomerSchema,
  projectInfoSchema,
  updateCustomerData,
} from './data-action-schemas.js';

export {
  createCustomerData,
  createProjectData,
  customerProjectSchema,
  customerRecordSchema,
  deleteCustomerData,
  errorEnvelope,
  projectCustomerSchema,
  projectInfoSchema,
  updateCustomerData,
} from './data-action-schemas.js';

const dataBody = <T extends z.ZodType>(data: T) => z.object({ data: z.union([data, z.string().describe('the same object, JSON-encoded')]) });

export interface DataActionError {
  code: string;
  status: number;
  /** The message, or its pattern (`<N>` an id). */
  message: string;
}

export interface DataAction {
  action: string;
  methods: readonly ('GET' | 'POST' | 'PUT' | 'DELETE')[];
  summary: string;
  /** Query parameters besides `action` and `api_key`. */
  query: z.ZodType;
  /** The body (JSON `{"data": {...}}`, or form-encoded `data=<JSON>`). */
  body?: z.ZodType;
  success: z.ZodType;
  errors: readonly DataActionError[];
  /** Decisions the emulator made where the docs are silent. */
  ours: readonly string[];
}

const KEY_ERROR: DataActionError = { code: 'INVALID_API_KEY', status: 401, message: 'Invalid API key' };
const PARAMS_ERROR: DataActionError = { code: 'INVALID_PARAMETERS', status: 400, message: "Required field '<field>' is missing | Invalid value for field '<field>': ..." };
const METHOD_ERROR: DataActionError = { code: 'INVALID_PARAMETERS', status: 405, message: 'Method <M> is not allowed for action <action>; use <methods>' };
const COMMON_ERRORS = [KEY_ERROR, PARAMS_ERROR, METHOD_ERROR] as const;
/** PERMISSION_DENIED's message (the docs name the code for deletecustomer, not its words or status). */
export const PERMISSION_DENIED_MESSAGE = 'You do not have permission to delete this customer';

const TABLE = [
  {
    action: 'getallcustomers',
    methods: ['GET', 'POST'],
    summary: 'Every customer of the account, 50 per page, by customer_id ascending',
    query: lazySchema(() => z.object({ page: z.string().regex(/^\d+$/).optional().describe('default 1; a page past the end is []') })),
    success: lazySchema(() => z.array(customerRecordSchema).max(50)),
    errors: COMMON_ERRORS,
    ours: ['ordered by customer_id ascending', 'page must be a positive integer (else 400 INVALID_PARAMETERS)', 'POST reads the query too, as PHP $_GET does'],
  },
  {
    action: 'getcustomerByemail',
    methods: ['GET', 'POST'],
    summary: 'One customer record by e-mail (or by customer_id)',
    query: lazySchema(() => z.object({ customer_email: z.string().optional(), customer_id: z.string().optional() })),
    success: customerRecordSchema,
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with email: <email>' }],
    ours: ['e-mail match is case-insensitive; several matches answer the oldest', 'customer_id is used when customer_email is absent'],
  },
  {
    action: 'getcustomerid',
    methods: ['GET', 'POST'],
    summary: 'The full customer record by e-mail (the id is customer_id)',
    query: lazySchema(() => z.object({ customer_email: z.string() })),
    success: customerRecordSchema,
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with email: <email>' }],
    ours: ['answers the newer doc\'s full record'],
  },
  {
    action: 'getprojectinfo',
    methods: ['GET', 'POST'],
    summary: 'A project: {"project_info": [...]} (and "expanded_info" with expanded=1)',
    query: lazySchema(() => z.object({ project_id: z.string().regex(/^\d+$/), expanded: z.enum(['0', '1']).optional() })),
    success: lazySchema(() => z.object({ project_info: z.array(projectInfoSchema).length(1), expanded_info: z.array(z.record(z.string(), z.unknown())).optional() })),
    errors: [...COMMON_ERRORS, { code: 'PROJECT_NOT_FOUND', status: 404, message: 'No project exists with ID: <N>' }],
    ours: ['PROJECT_NOT_FOUND (404) for an unknown project', 'expanded_info shape', 'url is the project page path /projects/<id>', 'extra fields is_draft, proposal_status, total_price, system_size, inverterqty, batterytype, created_at, updated_at'],
  },
  {
    action: 'getcustomerofproject',
    methods: ['GET', 'POST'],
    summary: 'The customer of a project',
    query: lazySchema(() => z.object({ project_id: z.string().regex(/^\d+$/) })),
    success: lazySchema(() => z.strictObject({ Message: z.literal('Customer details retrieved successfully!'), Customer: projectCustomerSchema })),
    errors: [...COMMON_ERRORS, { code: 'PROJECT_NOT_FOUND', status: 404, message: 'No project exists with ID: <N>' }],
    ours: ['uid is null as documented', 'phones 61-prefixed, spaces removed'],
  },
  {
    action: 'createcustomer',
    methods: ['POST'],
    summary: 'Creates a customer; causes customer_created',
    query: lazySchema(() => z.object({})),
    body: lazySchema(() => dataBody(createCustomerData)),
    success: lazySchema(() => z.strictObject({ Message: z.literal('Customer created successfully!'), id: z.string().regex(/^\d+$/) })),
    errors: COMMON_ERRORS,
    ours: ['required: firstname, surname, email, phone1, type, checked in that order', 'type is case-insensitive', 'a duplicate e-mail is accepted (a second customer)', 'status New Contacts', 'causes customer_created about the new customer'],
  },
  {
    action: 'updatecustomer',
    methods: ['PUT', 'POST'],
    summary: 'Changes only the fields sent',
    query: lazySchema(() => z.object({})),
    body: lazySchema(() => dataBody(updateCustomerData)),
    success: lazySchema(() => z.strictObject({ Message: z.literal('Customer updated successfully!'), CustomerId: z.string().regex(/^\d+$/) })),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with ID: <N>' }],
    ours: ['an empty firstname, surname, email, phone1 or type is ignored (phone2, companyname, companyphone can be cleared with "")', 'no webhook'],
  },
  {
    action: 'deletecustomer',
    methods: ['DELETE', 'POST'],
    summary: 'Deletes a customer and its projects permanently',
    query: lazySchema(() => z.object({})),
    body: lazySchema(() => dataBody(deleteCustomerData)),
    success: lazySchema(() => z.strictObject({ Message: z.literal('Customer Deleted Permanently!'), CustomerId: z.string().regex(/^\d+$/) })),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'The specified customer does not exist' }, { code: 'PERMISSION_DENIED', status: 403, message: PERMISSION_DENIED_MESSAGE }],
    ours: ['its projects go too; the ids are never reused', 'no webhook', 'PERMISSION_DENIED (403) for a customer of another account (the docs list the code only; words and status are ours)'],
  },
  {
    action: 'createproject',
    methods: ['POST'],
    summary: 'Creates a project (is_draft 1 causes recent_draft_project; a new contact causes customer_created)',
    query: lazySchema(() => z.object({})),
    body: lazySchema(() => dataBody(createProjectData)),
    success: lazySchema(() => z.strictObject({ Message: z.literal('Project created successfully!'), project_id: z.string().regex(/^\d+$/), customer_id: z.string().regex(/^\d+$/) })),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with ID: <N>' }],
    ours: [
      'the answer {"Message": "Project created successfully!", "project_id", "customer_id"} (undocumented)',
      'a new contact needs email, firstname and surname',
      'site_streetnum, site_state and site_postcode are read too; missing parts come from the world\'s list of places (never the customer\'s address), or INVALID_PARAMETERS names the field',
      'is_draft 0 makes an active project with its proposal published, without a webhook',
    ],
  },
] as const satisfies readonly DataAction[];

/** Every data action of `/apidata.php` (the generated docs and OpenAPI document list them in this order). */
export const DATA_ACTIONS: readonly DataAction[] = TABLE;

/** The names of the data actions, as the table spells them (`getcustomerByemail` keeps its casing). */
export type DataActionName = (typeof TABLE)[number]['action'];

/** The table's entry of action `A`, with its exact schemas (the handlers' parameters are typed by it). */
export type DataActionEntry<A extends DataActionName> = Extract<(typeof TABLE)[number], { action: A }>;

const BY_NAME = Object.fromEntries(TABLE.map((a) => [a.action, a])) as { readonly [A in DataActionName]: DataActionEntry<A> };

export function isDataActionName(action: string): action is DataActionName {
  return TABLE.some((a) => a.action === action);
}

/** The entry of a data action by name (exact case, as PHP compares it). */
export function dataActionEntry<A extends DataActionName>(action: A): DataActionEntry<A> {
  return BY_NAME[action];
}

export function findDataAction(action: string): DataAction | undefined {
  return isDataActionName(action) ? BY_NAME[action] : undefined;
}

/** Customers per page of getallcustomers [DOC]. */
export const PAGE_SIZE = 50;
