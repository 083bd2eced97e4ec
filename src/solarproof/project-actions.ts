/**
 * The project actions of `/apidata.php` (solarproof-api.md section 7.3): each answers its 200
 * body or throws an `spError`; `data-api.ts` sends either in Solar Proof's shape.
 */
import type { CustomerFields, ProjectFields, WrittenAddress } from '../core/written-fields.js';
import type { SalesUser } from '../world/entities.js';
import { assignee, customerByEmail, customerNotFound, customerType, newCustomer, projectOf, recordContext } from './customer-fields.js';
import type { DataAccountWorld, DataApiDeps, DataHandler, DataOf } from './data-handler.js';
import { checkEmail, invalid, isObject, isPhpEmpty, optionalFlag, optionalText, positiveId, queryParam, requiredText } from './php-input.js';
import { completeSite, isSiteProblem } from '../world/site-address.js';
import { expandedInfoRecord, projectCustomerRecord, projectInfoRecord } from './records.js';

export const getProjectInfo: DataHandler<'getprojectinfo'> = ({ w, query }) => {
  const p = projectOf(w, query);
  const expanded = queryParam(query, 'expanded');
  if (expanded === 'array' || (expanded !== undefined && !['', '0', '1'].includes(expanded.trim()))) {
    throw invalid(`Invalid value for parameter 'expanded': expected 0 or 1, got ${JSON.stringify(expanded === 'array' ? query.expanded : expanded)}`);
  }
  const c = w.customers.get(p.customerId)!;
  const answer: Record<string, unknown> = { project_info: [projectInfoRecord(p, c)] };
  if (expanded?.trim() === '1') answer.expanded_info = expandedInfoRecord(p, c, recordContext(w));
  return answer;
};

export const getCustomerOfProject: DataHandler<'getcustomerofproject'> = ({ w, query }) => {
  const p = projectOf(w, query);
  return { Message: 'Customer details retrieved successfully!', Customer: projectCustomerRecord(w.customers.get(p.customerId)!, p) };
};

/**
 * The site from the `site_*` fields sent (empty ones skipped): at least a street or a suburb.
 * Answers a function that completes it from the world's places (or throws, naming the field), so
 * the customer's own errors are reported first and nothing is created for a site that fails.
 */
function siteAddressOf(d: DataOf<'createproject'>): () => WrittenAddress {
  const site: WrittenAddress = {};
  const put = (key: keyof WrittenAddress, field: 'site_streetnum' | 'site_street' | 'site_suburb' | 'site_state' | 'site_postcode'): void => {
    const v = optionalText(d, field);
    if (v !== undefined && v !== '') site[key] = v;
  };
  put('streetNum', 'site_streetnum');
  put('street', 'site_street');
  put('suburb', 'site_suburb');
  put('state', 'site_state');
  put('postcode', 'site_postcode');
  if (site.street === undefined && site.suburb === undefined) throw invalid("Required field 'site_street' or 'site_suburb' is missing");
  // The missing parts come from the world's list of places, never from the customer's address.
  const full = completeSite(site);
  return () => {
    if (isSiteProblem(full)) throw invalid(full.message);
    return full;
  };
}

/**
 * The customer of a new project: `contact` (its e-mail finds a customer of the account, else a
 * new one is created, causing customer_created) wins over `customer_id` [DOC].
 */
function projectCustomerId(w: DataAccountWorld, apiKey: string, d: DataOf<'createproject'>, user: SalesUser | undefined, deps: DataApiDeps, site: () => WrittenAddress): number {
  const contact = d.contact;
  if (contact !== undefined && contact !== null && contact !== '') {
    if (!isObject(contact)) throw invalid("Invalid value for field 'contact': expected an object");
    const email = checkEmail(requiredText(contact, 'email', 'contact.email'), 'contact.email');
    const existing = customerByEmail(w, email);
    if (existing) return existing.id;
    const typeText = optionalText(contact, 'type', 'contact.type');
    const fields: CustomerFields = {
      firstName: requiredText(contact, 'firstname', 'contact.firstname'),
      surname: requiredText(contact, 'surname', 'contact.surname'),
      email,
      phonePrimary: optionalText(contact, 'phone', 'contact.phone') ?? '',
      phoneSecondary: optionalText(contact, 'phone2', 'contact.phone2') ?? '',
      type: typeText ? customerType(typeText, 'contact.type') : 'RESIDENTIAL',
      status: 1,
      notes: '',
      assignedUserId: assignee(w, user).id,
      // A new contact's address is the site it is quoted for (what was given), never an invented one.
      address: site(),
    };
    if (fields.type === 'RESIDENTIAL') Object.assign(fields, { companyName: '', companyPhone: '', gstRegistered: 0 });
    return newCustomer(deps, apiKey, fields);
  }
  if (isPhpEmpty(d.customer_id)) throw invalid("Required field 'customer_id' or 'contact' is missing");
  const customerId = positiveId(d.customer_id, 'customer_id');
  if (!w.customers.has(customerId)) throw customerNotFound(customerId);
  return customerId;
}

export const createProject: DataHandler<'createproject'> = ({ w, apiKey, data }, deps) => {
  const d = data();
  const nickname = requiredText(d, 'quotenickname');
  const isDraft = optionalFlag(d, 'is_draft') ?? 1;
  const username = optionalText(d, 'username')?.toLowerCase();
  const user = username ? w.users.find((u) => u.email.toLowerCase() === username || u.email.split('@')[0]!.toLowerCase() === username) : undefined;
  const site = siteAddressOf(d);
  const customerId = projectCustomerId(w, apiKey, d, user, deps, site);
  const projectFields: ProjectFields = { nickname, isDraft, siteAddress: site(), userId: assignee(w, user).id };
  let projectId: number;
  if (isDraft === 1) {
    // A draft project is what recent_draft_project announces: it is made by its event.
    const { events } = deps.trigger({ type: 'recent_draft_project', apiKey, subject: { customerId, newProject: true, projectFields } });
    projectId = events[0]!.subject.projectId!;
  } else {
    projectId = deps.world().createProject(apiKey, customerId, projectFields).id;
  }
  return { Message: 'Project created successfully!', project_id: String(projectId), customer_id: String(customerId) };
};
