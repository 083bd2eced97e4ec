/**
 * What the customer and project actions share: finding a customer, reading the customer fields
 * of a write, and creating a customer through the event trigger (so it causes `customer_created`).
 */
import { CUSTOMER_TYPES, type CustomerType } from '../core/customer-types.js';
import type { EmulatorError } from '../core/errors.js';
import type { CustomerFields } from '../core/written-fields.js';
import type { Customer, Project, SalesUser } from '../world/entities.js';
import type { DataAccountWorld, DataApiDeps, DataOf } from './data-handler.js';
import { checkEmail, invalid, isPhpEmpty, optionalFlag, optionalText, positiveId, requiredParam, requiredText, spError } from './php-input.js';
import type { RecordContext } from './records.js';

export const recordContext = (w: DataAccountWorld): RecordContext => ({ account: w.account, users: w.users, projects: w.projects });

/** The first customer (in the world's order, oldest first) whose e-mail matches, case-insensitive. */
export function customerByEmail(w: DataAccountWorld, email: string): Customer | undefined {
  const wanted = email.trim().toLowerCase();
  for (const c of w.customers.values()) if (c.email.toLowerCase() === wanted) return c;
  return undefined;
}

export const customerNotFound = (id: number): EmulatorError => spError('CUSTOMER_NOT_FOUND', `No customer exists with ID: ${id}`, 404);

/** The project of the `project_id` query parameter, or PROJECT_NOT_FOUND. */
export function projectOf(w: DataAccountWorld, query: { readonly project_id?: unknown }): Project {
  const id = positiveId(requiredParam(query, 'project_id'), 'project_id', 'parameter');
  const p = w.projects.get(id);
  if (!p) throw spError('PROJECT_NOT_FOUND', `No project exists with ID: ${id}`, 404);
  return p;
}

/** RESIDENTIAL, COMMERCIAL or LARGE-SCALE, any case, `_` or space for `-`. */
export function customerType(value: string, field: string): CustomerType {
  const t = value.toUpperCase().replace(/[_ ]/g, '-');
  if (!(CUSTOMER_TYPES as readonly string[]).includes(t)) throw invalid(`Invalid value for field '${field}': expected RESIDENTIAL, COMMERCIAL or LARGE-SCALE, got ${JSON.stringify(value)}`);
  return t as CustomerType;
}

/** The `data` fields createcustomer and updatecustomer both read. */
type CustomerData = DataOf<'createcustomer'> | DataOf<'updatecustomer'>;

/**
 * The customer fields of createcustomer/updatecustomer that were sent. Creating, the five texts
 * are required (checked in this order); updating, an empty one is skipped.
 */
export function sentCustomerFields(data: CustomerData, creating: boolean): CustomerFields {
  const f: CustomerFields = {};
  const text = (field: 'firstname' | 'surname' | 'email' | 'phone1' | 'type'): string | undefined => {
    const v = creating ? requiredText(data, field) : optionalText(data, field);
    return v === undefined || (!creating && isPhpEmpty(v)) ? undefined : v;
  };
  const firstName = text('firstname');
  const surname = text('surname');
  const email = text('email');
  const phone = text('phone1');
  const type = text('type');
  if (firstName !== undefined) f.firstName = firstName;
  if (surname !== undefined) f.surname = surname;
  if (email !== undefined) f.email = checkEmail(email, 'email');
  if (phone !== undefined) f.phonePrimary = phone;
  if (type !== undefined) f.type = customerType(type, 'type');
  const phone2 = optionalText(data, 'phone2');
  if (phone2 !== undefined) f.phoneSecondary = phone2;
  const company = optionalText(data, 'companyname');
  if (company !== undefined) f.companyName = company;
  const companyPhone = optionalText(data, 'companyphone');
  if (companyPhone !== undefined) f.companyPhone = companyPhone;
  const gst = optionalFlag(data, 'gststatus');
  if (gst !== undefined) f.gstRegistered = gst;
  return f;
}

/** A new customer's fields: the ones sent, then the defaults of a created customer (owner `user`, New Contacts). */
export function newCustomerFields(sent: CustomerFields, user: SalesUser): CustomerFields {
  const f: CustomerFields = { ...sent, assignedUserId: user.id, status: 1 };
  f.phoneSecondary ??= '';
  if (f.type === 'RESIDENTIAL') {
    f.companyName ??= '';
    f.companyPhone ??= '';
    f.gstRegistered ??= 0;
  }
  f.notes = '';
  // createcustomer takes no address: the customer has none, rather than an invented one.
  if (f.address === undefined) f.address = null;
  return f;
}

/** The user a write names, else the key's owner (the account's first user). */
export function assignee(w: DataAccountWorld, named: SalesUser | undefined): SalesUser {
  return named ?? w.users[0]!;
}

/** Creates a customer through the trigger (it causes customer_created); answers its id. */
export function newCustomer(deps: Pick<DataApiDeps, 'trigger'>, apiKey: string, fields: CustomerFields): number {
  const { events } = deps.trigger({ type: 'customer_created', apiKey, subject: { customerType: fields.type ?? 'RESIDENTIAL', customerFields: fields } });
  return events[0]!.subject.customerId;
}
