/**
 * The customer actions of `/apidata.php` (solarproof-api.md section 7.2): each answers its 200
 * body or throws an `spError`; `data-api.ts` sends either in Solar Proof's shape.
 */
import { PAGE_SIZE, PERMISSION_DENIED_MESSAGE } from './data-actions.js';
import type { DataHandler } from './data-handler.js';
import { assignee, customerByEmail, customerNotFound, newCustomer, newCustomerFields, recordContext, sentCustomerFields } from './customer-fields.js';
import { invalid, isPhpEmpty, missing, optionalText, positiveId, queryParam, requiredParam, spError } from './php-input.js';
import { customerRecord } from './records.js';

export const getAllCustomers: DataHandler<'getallcustomers'> = ({ w, query }) => {
  const raw = queryParam(query, 'page');
  if (raw === 'array') throw invalid("Invalid value for parameter 'page': expected one value");
  const page = raw === undefined || raw.trim() === '' ? 1 : positiveId(raw, 'page', 'parameter');
  const all = [...w.customers.values()].sort((a, b) => a.id - b.id);
  const ctx = recordContext(w);
  return all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => customerRecord(c, ctx));
};

export const getCustomerByEmail: DataHandler<'getcustomerByemail'> = ({ w, query }) => {
  const email = queryParam(query, 'customer_email');
  const id = queryParam(query, 'customer_id');
  if ((email === undefined || email.trim() === '') && id !== undefined && id !== 'array' && id.trim() !== '') {
    const cid = positiveId(id, 'customer_id', 'parameter');
    const c = w.customers.get(cid);
    if (!c) throw customerNotFound(cid);
    return customerRecord(c, recordContext(w));
  }
  const wanted = requiredParam(query, 'customer_email');
  const c = customerByEmail(w, wanted);
  if (!c) throw spError('CUSTOMER_NOT_FOUND', `No customer exists with email: ${wanted}`, 404);
  return customerRecord(c, recordContext(w));
};

export const getCustomerId: DataHandler<'getcustomerid'> = ({ w, query }) => {
  const wanted = requiredParam(query, 'customer_email');
  const c = customerByEmail(w, wanted);
  if (!c) throw spError('CUSTOMER_NOT_FOUND', `No customer exists with email: ${wanted}`, 404);
  return customerRecord(c, recordContext(w));
};

export const createCustomer: DataHandler<'createcustomer'> = ({ w, apiKey, data }, deps) => {
  const d = data();
  const sent = sentCustomerFields(d, true);
  // Read after the customer fields, so a bad useremail is reported after them.
  const userEmail = optionalText(d, 'useremail');
  const user = userEmail ? w.users.find((u) => u.email.toLowerCase() === userEmail.toLowerCase()) : undefined;
  const id = newCustomer(deps, apiKey, newCustomerFields(sent, assignee(w, user)));
  return { Message: 'Customer created successfully!', id: String(id) };
};

export const updateCustomer: DataHandler<'updatecustomer'> = ({ w, apiKey, data }, deps) => {
  const d = data();
  if (isPhpEmpty(d.pkcustomerid)) throw missing('pkcustomerid');
  const id = positiveId(d.pkcustomerid, 'pkcustomerid');
  if (!w.customers.has(id)) throw customerNotFound(id);
  deps.world().updateCustomer(apiKey, id, sentCustomerFields(d, false));
  return { Message: 'Customer updated successfully!', CustomerId: String(id) };
};

export const deleteCustomer: DataHandler<'deletecustomer'> = ({ w, apiKey, data }, deps) => {
  const d = data();
  if (isPhpEmpty(d.pkcustomerid)) throw missing('pkcustomerid');
  const id = positiveId(d.pkcustomerid, 'pkcustomerid');
  // The docs list PERMISSION_DENIED for deletecustomer: a customer that exists in another account.
  if (!w.customers.has(id) && deps.world().accounts().some((other) => other.customers.has(id))) throw spError('PERMISSION_DENIED', PERMISSION_DENIED_MESSAGE, 403);
  if (!w.customers.has(id) || !deps.world().deleteCustomer(apiKey, id)) throw spError('CUSTOMER_NOT_FOUND', 'The specified customer does not exist', 404);
  return { Message: 'Customer Deleted Permanently!', CustomerId: String(id) };
};
