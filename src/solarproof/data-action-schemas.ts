/**
 * The zod shapes of the data actions of `/apidata.php` (solarproof-api.md section 7): the records
 * they answer and the `data` objects they read. The table in `data-actions.ts` names them per action.
 */
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';

// Built together on the first use of any of them (not at import: start-up does not need them,
// decision 0038), so the shapes they share stay one instance each.
let built: ReturnType<typeof buildSchemas> | undefined;
const schemas = (): ReturnType<typeof buildSchemas> => (built ??= buildSchemas());

function buildSchemas() {
  const str = z.string();
  const errorEnvelope = z.strictObject({ code: z.string().regex(/^[A-Z_]+$/), message: z.string() });

  const siteAddress = z.strictObject({ streetnum: str, street: str, suburb: str, state: str, postcode: str, country: str });
  const customerProjectSchema = z.strictObject({
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
  const customerRecordSchema = z.strictObject({
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
  const projectInfoSchema = z.strictObject(Object.fromEntries(PROJECT_INFO_FIELDS.map((f) => [f, str])) as Record<(typeof PROJECT_INFO_FIELDS)[number], z.ZodString>);
  const projectCustomerSchema = z.strictObject({
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

  const createCustomerData = z.object({
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
  const updateCustomerData = z.object({
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
  const deleteCustomerData = z.object({ pkcustomerid: id });
  const createProjectData = z.object({
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
  return { errorEnvelope, customerProjectSchema, customerRecordSchema, projectInfoSchema, projectCustomerSchema, createCustomerData, updateCustomerData, deleteCustomerData, createProjectData };
}

export const errorEnvelope = lazySchema(() => schemas().errorEnvelope);
export const customerProjectSchema = lazySchema(() => schemas().customerProjectSchema);
export const customerRecordSchema = lazySchema(() => schemas().customerRecordSchema);
export const projectInfoSchema = lazySchema(() => schemas().projectInfoSchema);
export const projectCustomerSchema = lazySchema(() => schemas().projectCustomerSchema);
export const createCustomerData = lazySchema(() => schemas().createCustomerData);
export const updateCustomerData = lazySchema(() => schemas().updateCustomerData);
export const deleteCustomerData = lazySchema(() => schemas().deleteCustomerData);
export const createProjectData = lazySchema(() => schemas().createProjectData);
