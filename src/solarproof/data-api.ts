import type { Request, Response } from 'express';
import type { Account } from '../core/account.js';
import { CUSTOMER_TYPES, type CustomerType } from '../core/customer-types.js';
import { EmulatorError } from '../core/errors.js';
import type { AccountEvent } from '../core/event.js';
import type { EventType } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import type { CustomerFields, ProjectFields, WrittenAddress } from '../core/written-fields.js';
import type { Customer, Project, SalesUser } from '../world/entities.js';
import { findDataAction, PAGE_SIZE, type DataAction } from './data-actions.js';
import {
  checkEmail,
  invalid,
  isObject,
  isPhpEmpty,
  missing,
  optionalFlag,
  optionalText,
  positiveId,
  queryParam,
  readDataObject,
  requiredParam,
  requiredText,
  spError,
} from './php-input.js';
import { customerRecord, expandedInfoRecord, projectCustomerRecord, projectInfoRecord, type RecordContext } from './records.js';

/** One account's part of the world, as the data API reads it. */
export interface DataAccountWorld {
  readonly account: Account;
  readonly users: readonly SalesUser[];
  readonly customers: ReadonlyMap<number, Customer>;
  readonly projects: ReadonlyMap<number, Project>;
}

/** What the data actions read and call. */
export interface DataApiDeps {
  accounts: { get(apiKey: string): Account | undefined };
  /** The world in force (a reset replaces it). */
  world(): {
    find(apiKey: string): DataAccountWorld | undefined;
    deleteCustomer(apiKey: string, customerId: number): boolean;
    updateCustomer(apiKey: string, customerId: number, fields: CustomerFields): Customer | undefined;
    createProject(apiKey: string, customerId: number, fields: ProjectFields): Project;
  };
  /** The event trigger: writes that cause webhooks make their events happen through it. */
  trigger(request: { type: EventType; apiKey: string; subject: SubjectRequest }): { events: AccountEvent[] };
}

/** The data actions' handler, mounted by the `/apidata.php` router. */
export interface DataApi {
  handles(action: string): boolean;
  /** Answers the request; `raw` is the body as read (whatever the Content-Type). */
  handle(action: string, req: Request, res: Response, raw: Buffer): void;
  /** Answers an error in the data actions' envelope. */
  fail(res: Response, code: string, message: string, status: number): void;
}

const send = (res: Response, status: number, body: unknown): void => {
  res.status(status).type('application/json').send(JSON.stringify(body));
};

/**
 * The customers and projects actions of `/apidata.php` (solarproof-api.md section 7), on the
 * same world the webhooks come from. Errors are `{"code", "message"}` with a 4xx status.
 */
export function createDataApi(deps: DataApiDeps): DataApi {
  const fail = (res: Response, code: string, message: string, status: number): void => send(res, status, { code, message });

  const context = (w: DataAccountWorld): RecordContext => ({ account: w.account, users: w.users, projects: w.projects });

  const byEmail = (w: DataAccountWorld, email: string): Customer | undefined => {
    const wanted = email.trim().toLowerCase();
    for (const c of w.customers.values()) if (c.email.toLowerCase() === wanted) return c;
    return undefined;
  };

  const customerNotFound = (id: number) => spError('CUSTOMER_NOT_FOUND', `No customer exists with ID: ${id}`, 404);
  const projectOf = (w: DataAccountWorld, query: Record<string, unknown>): Project => {
    const id = positiveId(requiredParam(query, 'project_id'), 'project_id', 'parameter');
    const p = w.projects.get(id);
    if (!p) throw spError('PROJECT_NOT_FOUND', `No project exists with ID: ${id}`, 404);
    return p;
  };

  const customerType = (value: string, field: string): CustomerType => {
    const t = value.toUpperCase().replace(/[_ ]/g, '-');
    if (!(CUSTOMER_TYPES as readonly string[]).includes(t)) throw invalid(`Invalid value for field '${field}': expected RESIDENTIAL, COMMERCIAL or LARGE-SCALE, got ${JSON.stringify(value)}`);
    return t as CustomerType;
  };

  /** The customer fields of createcustomer/updatecustomer that were sent (empty ones skipped where noted). */
  const customerFieldsOf = (w: DataAccountWorld, data: Record<string, unknown>, creating: boolean): CustomerFields => {
    const f: CustomerFields = {};
    const text = (field: string): string | undefined => {
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
    if (creating) {
      const userEmail = optionalText(data, 'useremail');
      const user = userEmail ? w.users.find((u) => u.email.toLowerCase() === userEmail.toLowerCase()) : undefined;
      f.assignedUserId = (user ?? w.users[0]!).id;
      f.status = 1;
      f.phoneSecondary ??= '';
      if (f.type === 'RESIDENTIAL') {
        f.companyName ??= '';
        f.companyPhone ??= '';
        f.gstRegistered ??= 0;
      }
      f.notes = '';
    }
    return f;
  };

  const newCustomer = (apiKey: string, fields: CustomerFields): number => {
    const { events } = deps.trigger({ type: 'customer_created', apiKey, subject: { customerType: fields.type ?? 'RESIDENTIAL', customerFields: fields } });
    return events[0]!.subject.customerId;
  };

  type Handler = (ctx: { w: DataAccountWorld; apiKey: string; query: Record<string, unknown>; data: () => Record<string, unknown>; res: Response }) => void;

  const handlers: Record<string, Handler> = {
    getallcustomers: ({ w, query, res }) => {
      const raw = queryParam(query, 'page');
      if (raw === 'array') throw invalid("Invalid value for parameter 'page': expected one value");
      const page = raw === undefined || raw.trim() === '' ? 1 : positiveId(raw, 'page', 'parameter');
      const all = [...w.customers.values()].sort((a, b) => a.id - b.id);
      const ctx = context(w);
      send(res, 200, all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((c) => customerRecord(c, ctx)));
    },
    getcustomerByemail: ({ w, query, res }) => {
      const email = queryParam(query, 'customer_email');
      const id = queryParam(query, 'customer_id');
      if ((email === undefined || email.trim() === '') && id !== undefined && id !== 'array' && id.trim() !== '') {
        const cid = positiveId(id, 'customer_id', 'parameter');
        const c = w.customers.get(cid);
        if (!c) throw customerNotFound(cid);
        return send(res, 200, customerRecord(c, context(w)));
      }
      const wanted = requiredParam(query, 'customer_email');
      const c = byEmail(w, wanted);
      if (!c) throw spError('CUSTOMER_NOT_FOUND', `No customer exists with email: ${wanted}`, 404);
      send(res, 200, customerRecord(c, context(w)));
    },
    getcustomerid: ({ w, query, res }) => {
      const wanted = requiredParam(query, 'customer_email');
      const c = byEmail(w, wanted);
      if (!c) throw spError('CUSTOMER_NOT_FOUND', `No customer exists with email: ${wanted}`, 404);
      send(res, 200, customerRecord(c, context(w)));
    },
    getprojectinfo: ({ w, query, res }) => {
      const p = projectOf(w, query);
      const expanded = queryParam(query, 'expanded');
      if (expanded === 'array' || (expanded !== undefined && !['', '0', '1'].includes(expanded.trim()))) {
        throw invalid(`Invalid value for parameter 'expanded': expected 0 or 1, got ${JSON.stringify(expanded === 'array' ? query.expanded : expanded)}`);
      }
      const c = w.customers.get(p.customerId)!;
      const answer: Record<string, unknown> = { project_info: [projectInfoRecord(p, c)] };
      if (expanded?.trim() === '1') answer.expanded_info = expandedInfoRecord(p, c, context(w));
      send(res, 200, answer);
    },
    getcustomerofproject: ({ w, query, res }) => {
      const p = projectOf(w, query);
      send(res, 200, { Message: 'Customer details retrieved successfully!', Customer: projectCustomerRecord(w.customers.get(p.customerId)!) });
    },
    createcustomer: ({ w, apiKey, data, res }) => {
      const fields = customerFieldsOf(w, data(), true);
      const id = newCustomer(apiKey, fields);
      send(res, 200, { Message: 'Customer created successfully!', id: String(id) });
    },
    updatecustomer: ({ w, apiKey, data, res }) => {
      const d = data();
      if (isPhpEmpty(d.pkcustomerid)) throw missing('pkcustomerid');
      const id = positiveId(d.pkcustomerid, 'pkcustomerid');
      if (!w.customers.has(id)) throw customerNotFound(id);
      const fields = customerFieldsOf(w, d, false);
      deps.world().updateCustomer(apiKey, id, fields);
      send(res, 200, { Message: 'Customer updated successfully!', CustomerId: String(id) });
    },
    deletecustomer: ({ w, apiKey, data, res }) => {
      const d = data();
      if (isPhpEmpty(d.pkcustomerid)) throw missing('pkcustomerid');
      const id = positiveId(d.pkcustomerid, 'pkcustomerid');
      if (!w.customers.has(id) || !deps.world().deleteCustomer(apiKey, id)) throw spError('CUSTOMER_NOT_FOUND', 'The specified customer does not exist', 404);
      send(res, 200, { Message: 'Customer Deleted Permanently!', CustomerId: String(id) });
    },
    createproject: ({ w, apiKey, data, res }) => {
      const d = data();
      const nickname = requiredText(d, 'quotenickname');
      const isDraft = optionalFlag(d, 'is_draft') ?? 1;
      const username = optionalText(d, 'username')?.toLowerCase();
      const user = username ? w.users.find((u) => u.email.toLowerCase() === username || u.email.split('@')[0]!.toLowerCase() === username) : undefined;
      const site: WrittenAddress = {};
      const put = (key: keyof WrittenAddress, field: string): void => {
        const v = optionalText(d, field);
        if (v !== undefined && v !== '') site[key] = v;
      };
      put('streetNum', 'site_streetnum');
      put('street', 'site_street');
      put('suburb', 'site_suburb');
      put('state', 'site_state');
      put('postcode', 'site_postcode');
      if (site.street === undefined && site.suburb === undefined) throw invalid("Required field 'site_street' or 'site_suburb' is missing");
      if (site.state !== undefined) site.state = site.state.toUpperCase();

      let customerId: number;
      const contact = d.contact;
      if (contact !== undefined && contact !== null && contact !== '') {
        if (!isObject(contact)) throw invalid("Invalid value for field 'contact': expected an object");
        const email = checkEmail(requiredText(contact, 'email', 'contact.email'), 'contact.email');
        const existing = byEmail(w, email);
        if (existing) customerId = existing.id;
        else {
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
            assignedUserId: (user ?? w.users[0]!).id,
          };
          if (fields.type === 'RESIDENTIAL') Object.assign(fields, { companyName: '', companyPhone: '', gstRegistered: 0 });
          customerId = newCustomer(apiKey, fields);
        }
      } else {
        if (isPhpEmpty(d.customer_id)) throw invalid("Required field 'customer_id' or 'contact' is missing");
        customerId = positiveId(d.customer_id, 'customer_id');
        if (!w.customers.has(customerId)) throw customerNotFound(customerId);
      }
      const projectFields: ProjectFields = { nickname, isDraft, siteAddress: site, userId: (user ?? w.users[0]!).id };
      let projectId: number;
      if (isDraft === 1) {
        const { events } = deps.trigger({ type: 'recent_draft_project', apiKey, subject: { customerId, newProject: true, projectFields } });
        projectId = events[0]!.subject.projectId!;
      } else {
        projectId = deps.world().createProject(apiKey, customerId, projectFields).id;
      }
      send(res, 200, { Message: 'Project created successfully!', project_id: String(projectId), customer_id: String(customerId) });
    },
  };

  return {
    handles: (action) => findDataAction(action) !== undefined,
    fail,
    handle(action, req, res, raw) {
      const spec = findDataAction(action) as DataAction;
      try {
        if (!(spec.methods as readonly string[]).includes(req.method)) {
          res.setHeader('Allow', spec.methods.join(', '));
          throw spError('INVALID_PARAMETERS', `Method ${req.method} is not allowed for action ${action}; use ${spec.methods.join(' or ')}`, 405);
        }
        const query = req.query as Record<string, unknown>;
        const key = queryParam(query, 'api_key');
        const apiKey = typeof key === 'string' && key !== 'array' ? key : '';
        const w = deps.accounts.get(apiKey) ? deps.world().find(apiKey) : undefined;
        if (!w) throw spError('INVALID_API_KEY', 'Invalid API key', 401);
        let parsed: Record<string, unknown> | undefined;
        const data = (): Record<string, unknown> => (parsed ??= readDataObject(raw, req.headers['content-type']));
        handlers[action]!({ w, apiKey, query, data, res });
      } catch (err) {
        if (err instanceof EmulatorError && err.status < 500) {
          const known = ['INVALID_PARAMETERS', 'INVALID_API_KEY', 'CUSTOMER_NOT_FOUND', 'PROJECT_NOT_FOUND'].includes(err.code);
          return fail(res, known ? err.code : 'INVALID_PARAMETERS', err.message, known ? err.status : 400);
        }
        throw err;
      }
    },
  };
}
