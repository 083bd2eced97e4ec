/**
 * The data actions of `/apidata.php`, as one machine-readable table: name, methods, query
 * parameters, body schema, success and error shapes (for docs and a generated OpenAPI document).
 * Facts tagged [DOC] in solarproof-api.md section 7; `ours` lists the decisions the emulator made.
 */
import { z } from 'zod';

const str = z.string();
export const errorEnvelope = z.strictObject({ code: z.string().regex(/^[A-Z_]+$/), message: z.string() });

const siteAddress = z.strictObject({ streetnum: str, street: str, suburb: str, state: str, postcode: str, country: str });
export const customerProjectSchema = z.strictObject({
  project_id: str,
  project_title: str,
  site_address: siteAddress,
  solar_panel_quantity: str,
  solar_panel_type: str,
  inverter_type: str,
  inverter_quantity: str,
  system_size: str.regex(/^\d+(\.\d+)?kW$/),
  proposal_link: str,
});
export const customerRecordSchema = z.strictObject({
  customer_id: str.regex(/^\d+$/),
  gst_status: z.enum(['GST Registered', 'Not GST Registered']),
  customer_first_name: str,
  customer_last_name: str,
  customer_phone_1: str,
  customer_phone_2: str,
  customer_email: str,
  customer_type: z.enum(['Residential', 'Commercial', 'Large-Scale']),
  company_name: str,
  company_phone: str,
  owner_user_info: z.strictObject({ user_id: str, first_name: str, last_name: str, phone_number: str, email: str, work_title: str, username: str }),
  creation_date: str.regex(/^\d{4}-\d{2}-\d{2}$/),
  customer_notes: z.array(z.strictObject({ datetime: str.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), note: str })),
  customer_status: z.enum(['No Status Set', 'New Contacts', 'Signed', 'Mega Status']),
  projects: z.array(customerProjectSchema),
});
const PROJECT_INFO_FIELDS = [
  'project_id', 'quotenickname', 'user_id', 'battery_id', 'batteryqty', 'afterrebatecost', 'url', 'quotecreationdate', 'signed_at',
  'customer_id', 'siteaddress', 'rooftype', 'roofheight', 'energyretailer', 'nmi', 'monitoring_type', 'meter_number', 'phase_supply',
  'dailykwhuse', 'costperkwh', 'powerpriceincrease', 'exportvalue', 'exportlimit', 'paneltype', 'panelwattage', 'panelqty',
  'invertertype', 'proposal_link', 'stcvalue', 'financetype',
  // [OURS] from the documented project vocabulary
  'is_draft', 'proposal_status', 'total_price', 'system_size', 'inverterqty', 'batterytype', 'created_at', 'updated_at',
] as const;
export const projectInfoSchema = z.strictObject(Object.fromEntries(PROJECT_INFO_FIELDS.map((f) => [f, str])) as Record<(typeof PROJECT_INFO_FIELDS)[number], z.ZodString>);
export const projectCustomerSchema = z.strictObject({
  customerID: z.int(),
  uid: z.null(),
  gstRegistered: z.union([z.literal(0), z.literal(1)]),
  firstName: str,
  surname: str,
  phone1: str,
  phone2: str,
  email: str,
  companyName: str,
  companyPhone: str,
  customerabn: z.string().nullable(),
  siteAddress: str,
  note: str,
  contactTime: z.null(),
});

const textField = z.union([z.string(), z.number()]);
const flag = z.union([z.literal(0), z.literal(1), z.literal('0'), z.literal('1'), z.boolean()]);
const customerType = z.string().describe('RESIDENTIAL, COMMERCIAL or LARGE-SCALE (any case)');
const id = z.union([z.int().positive(), z.string().regex(/^\d+$/)]);
const dataBody = <T extends z.ZodType>(data: T) => z.object({ data: z.union([data, z.string().describe('the same object, JSON-encoded')]) });

export const createCustomerData = z.object({
  apikey: z.string().optional(),
  action: z.string().optional(),
  useremail: z.string().optional().describe('an existing user of the account; else the key owner'),
  firstname: textField,
  surname: textField,
  email: z.string(),
  phone1: textField,
  phone2: textField.optional(),
  type: customerType,
  companyname: textField.optional(),
  companyphone: textField.optional(),
  gststatus: flag.optional(),
});
export const updateCustomerData = z.object({
  pkcustomerid: id,
  firstname: textField.optional(),
  surname: textField.optional(),
  email: z.string().optional(),
  phone1: textField.optional(),
  phone2: textField.optional(),
  type: customerType.optional(),
  companyname: textField.optional(),
  companyphone: textField.optional(),
  gststatus: flag.optional(),
});
export const deleteCustomerData = z.object({ pkcustomerid: id });
export const createProjectData = z.object({
  quotenickname: textField,
  username: z.string().optional().describe('a sales rep of the company (username or e-mail); else the root user'),
  is_draft: flag.optional().describe('default 1'),
  customer_id: id.optional().describe('ignored when contact is present'),
  contact: z
    .object({ email: z.string(), firstname: textField.optional(), surname: textField.optional(), phone: textField.optional(), phone2: textField.optional(), type: z.string().optional() })
    .optional(),
  site_streetnum: textField.optional(),
  site_street: textField.optional(),
  site_suburb: textField.optional(),
  site_state: z.string().optional(),
  site_postcode: textField.optional(),
});

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

export const DATA_ACTIONS: readonly DataAction[] = [
  {
    action: 'getallcustomers',
    methods: ['GET', 'POST'],
    summary: 'Every customer of the account, 50 per page, by customer_id ascending',
    query: z.object({ page: z.string().regex(/^\d+$/).optional().describe('default 1; a page past the end is []') }),
    success: z.array(customerRecordSchema).max(50),
    errors: COMMON_ERRORS,
    ours: ['ordered by customer_id ascending', 'page must be a positive integer (else 400 INVALID_PARAMETERS)', 'POST reads the query too, as PHP $_GET does'],
  },
  {
    action: 'getcustomerByemail',
    methods: ['GET', 'POST'],
    summary: 'One customer record by e-mail (or by customer_id)',
    query: z.object({ customer_email: z.string().optional(), customer_id: z.string().optional() }),
    success: customerRecordSchema,
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with email: <email>' }],
    ours: ['e-mail match is case-insensitive; several matches answer the oldest', 'customer_id is used when customer_email is absent'],
  },
  {
    action: 'getcustomerid',
    methods: ['GET', 'POST'],
    summary: 'The full customer record by e-mail (the id is customer_id)',
    query: z.object({ customer_email: z.string() }),
    success: customerRecordSchema,
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with email: <email>' }],
    ours: ['answers the newer doc\'s full record'],
  },
  {
    action: 'getprojectinfo',
    methods: ['GET', 'POST'],
    summary: 'A project: {"project_info": [...]} (and "expanded_info" with expanded=1)',
    query: z.object({ project_id: z.string().regex(/^\d+$/), expanded: z.enum(['0', '1']).optional() }),
    success: z.object({ project_info: z.array(projectInfoSchema).length(1), expanded_info: z.array(z.record(z.string(), z.unknown())).optional() }),
    errors: [...COMMON_ERRORS, { code: 'PROJECT_NOT_FOUND', status: 404, message: 'No project exists with ID: <N>' }],
    ours: ['PROJECT_NOT_FOUND (404) for an unknown project', 'expanded_info shape', 'url is the project page path /projects/<id>', 'extra fields is_draft, proposal_status, total_price, system_size, inverterqty, batterytype, created_at, updated_at'],
  },
  {
    action: 'getcustomerofproject',
    methods: ['GET', 'POST'],
    summary: 'The customer of a project',
    query: z.object({ project_id: z.string().regex(/^\d+$/) }),
    success: z.strictObject({ Message: z.literal('Customer details retrieved successfully!'), Customer: projectCustomerSchema }),
    errors: [...COMMON_ERRORS, { code: 'PROJECT_NOT_FOUND', status: 404, message: 'No project exists with ID: <N>' }],
    ours: ['uid is null as documented', 'phones 61-prefixed, spaces removed'],
  },
  {
    action: 'createcustomer',
    methods: ['POST'],
    summary: 'Creates a customer; causes customer_created',
    query: z.object({}),
    body: dataBody(createCustomerData),
    success: z.strictObject({ Message: z.literal('Customer created successfully!'), id: str.regex(/^\d+$/) }),
    errors: COMMON_ERRORS,
    ours: ['required: firstname, surname, email, phone1, type, checked in that order', 'type is case-insensitive', 'a duplicate e-mail is accepted (a second customer)', 'status New Contacts', 'causes customer_created about the new customer'],
  },
  {
    action: 'updatecustomer',
    methods: ['PUT', 'POST'],
    summary: 'Changes only the fields sent',
    query: z.object({}),
    body: dataBody(updateCustomerData),
    success: z.strictObject({ Message: z.literal('Customer updated successfully!'), CustomerId: str.regex(/^\d+$/) }),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with ID: <N>' }],
    ours: ['an empty firstname, surname, email, phone1 or type is ignored (phone2, companyname, companyphone can be cleared with "")', 'no webhook'],
  },
  {
    action: 'deletecustomer',
    methods: ['DELETE', 'POST'],
    summary: 'Deletes a customer and its projects permanently',
    query: z.object({}),
    body: dataBody(deleteCustomerData),
    success: z.strictObject({ Message: z.literal('Customer Deleted Permanently!'), CustomerId: str.regex(/^\d+$/) }),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'The specified customer does not exist' }],
    ours: ['its projects go too; the ids are never reused', 'no webhook'],
  },
  {
    action: 'createproject',
    methods: ['POST'],
    summary: 'Creates a project (is_draft 1 causes recent_draft_project; a new contact causes customer_created)',
    query: z.object({}),
    body: dataBody(createProjectData),
    success: z.strictObject({ Message: z.literal('Project created successfully!'), project_id: str.regex(/^\d+$/), customer_id: str.regex(/^\d+$/) }),
    errors: [...COMMON_ERRORS, { code: 'CUSTOMER_NOT_FOUND', status: 404, message: 'No customer exists with ID: <N>' }],
    ours: [
      'the answer {"Message": "Project created successfully!", "project_id", "customer_id"} (undocumented)',
      'a new contact needs email, firstname and surname',
      'site_streetnum, site_state and site_postcode are read too; missing parts come from the customer\'s address',
      'is_draft 0 makes an active project with its proposal published, without a webhook',
    ],
  },
];

export type DataActionName = 'getallcustomers' | 'getcustomerByemail' | 'getcustomerid' | 'getprojectinfo' | 'getcustomerofproject' | 'createcustomer' | 'updatecustomer' | 'deletecustomer' | 'createproject';

export function findDataAction(action: string): DataAction | undefined {
  return DATA_ACTIONS.find((a) => a.action === action);
}

/** Customers per page of getallcustomers [DOC]. */
export const PAGE_SIZE = 50;
