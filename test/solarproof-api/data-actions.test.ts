// The customers and projects actions of /apidata.php over real HTTP: every documented message,
// shape and value type, pagination edges, account separation, and the webhook each write causes.
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_ACTIONS, customerRecordSchema, errorEnvelope, projectInfoSchema } from '../../src/solarproof/data-actions.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { apidata, formBody } from './data-support.js';

const schemaOf = (action: string) => DATA_ACTIONS.find((a) => a.action === action)!.success;
const ACCOUNTS = [
  { apiKey: 'sp_a', userId: 1001, userName: 'Alex A', userEmail: 'alex@a.example.com', companyName: 'A Solar', companyId: 1 },
  { apiKey: 'sp_b', userId: 2001, userName: 'Bea B', userEmail: 'bea@b.example.com', companyName: 'B Solar', companyId: 2 },
];
const NEW_CUSTOMER = { firstname: 'Judy', surname: 'Matherson', email: 'judy.matherson@example.com', phone1: '0411549054', type: 'RESIDENTIAL' };

let receiver: TestReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('reads', () => {
  it('getallcustomers: 50 per page of documented string records, page 1 by default, [] past the end', async () => {
    const emu = await startForTest({ world: { initialCustomers: 60 } });
    const first = await apidata(emu, 'getallcustomers');
    expect(first.status).toBe(200);
    const page1 = schemaOf('getallcustomers').parse(first.json) as Array<{ customer_id: string }>;
    expect(page1).toHaveLength(50);
    expect((await apidata(emu, 'getallcustomers', { query: { page: '1' } })).json).toEqual(first.json);
    const page2 = (await apidata(emu, 'getallcustomers', { query: { page: '2' } })).json as Array<{ customer_id: string }>;
    expect(page2).toHaveLength(10);
    const ids = [...page1, ...page2].map((c) => Number(c.customer_id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(60);
    const past = await apidata(emu, 'getallcustomers', { query: { page: '3' } });
    expect(past.status).toBe(200);
    expect(past.text).toBe('[]');
    // A repeated key is last-wins, as PHP reads it.
    expect((await apidata(emu, 'getallcustomers', { query: { page: '9' } })).json).toEqual([]);
    const repeated = await fetch(`${emu.url}/apidata.php?action=getallcustomers&api_key=sp_test_key&page=1&page=2`);
    expect(((await repeated.json()) as unknown[]).length).toBe(10);
  });

  it('getallcustomers: bad page numbers are INVALID_PARAMETERS', async () => {
    const emu = await startForTest({ world: { initialCustomers: 2 } });
    for (const page of ['0', '-1', 'abc', '1.5']) {
      const a = await apidata(emu, 'getallcustomers', { query: { page } });
      expect(a.status, page).toBe(400);
      expect(errorEnvelope.parse(a.json).code).toBe('INVALID_PARAMETERS');
      expect((a.json as { message: string }).message).toContain("'page'");
    }
  });

  it('a fresh world holds a seeded book of customers with projects in several stages', async () => {
    const emu = await startForTest();
    const list = customerRecordSchema.array().parse((await apidata(emu, 'getallcustomers')).json);
    expect(list).toHaveLength(25);
    const statuses = new Set(list.map((c) => c.customer_status));
    expect(statuses.has('Signed')).toBe(true);
    expect(statuses.has('New Contacts')).toBe(true);
    const { projects } = await emu.world.projects({ apiKey: 'sp_test_key' });
    expect(new Set(projects.map((p) => p.proposalStatus)).size).toBeGreaterThanOrEqual(3);
    for (const c of list) expect(c.creation_date < '2026-01-05').toBe(true);
  });

  it('getcustomerByemail and getcustomerid answer the full documented record; unknown e-mail is CUSTOMER_NOT_FOUND', async () => {
    const emu = await startForTest();
    const [first] = (await apidata(emu, 'getallcustomers')).json as Array<{ customer_email: string; customer_id: string }>;
    for (const action of ['getcustomerByemail', 'getcustomerid']) {
      const a = await apidata(emu, action, { query: { customer_email: first!.customer_email.toUpperCase() } });
      expect(a.status).toBe(200);
      expect(customerRecordSchema.parse(a.json).customer_id).toBe(first!.customer_id);
      const none = await apidata(emu, action, { query: { customer_email: 'nobody@example.com' } });
      expect(none.status).toBe(404);
      expect(none.json).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'No customer exists with email: nobody@example.com' });
      const missing = await apidata(emu, action);
      expect(missing.status).toBe(400);
      expect(missing.json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required parameter 'customer_email' is missing" });
    }
    const byId = await apidata(emu, 'getcustomerByemail', { query: { customer_id: first!.customer_id } });
    expect((byId.json as { customer_email: string }).customer_email).toBe(first!.customer_email);
  });

  it('getprojectinfo: project_info is an array of strings with siteaddress JSON-encoded; expanded=1 adds expanded_info', async () => {
    const emu = await startForTest();
    const { projects } = await emu.world.projects();
    const p = projects[0]!;
    const a = await apidata(emu, 'getprojectinfo', { query: { project_id: String(p.projectId) } });
    expect(a.status).toBe(200);
    const body = a.json as { project_info: unknown[]; expanded_info?: unknown };
    expect(body.expanded_info).toBeUndefined();
    const info = projectInfoSchema.parse(body.project_info[0]);
    expect(info.project_id).toBe(String(p.projectId));
    expect(info.quotenickname).toBe(p.nickname);
    const site = JSON.parse(info.siteaddress) as Record<string, unknown>;
    expect(Object.keys(site)).toEqual(['streetnum', 'street', 'suburb', 'state', 'postcode', 'country']);
    expect(info.signed_at === '0000-00-00' || /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(info.signed_at)).toBe(true);
    expect(info.quotecreationdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const expanded = await apidata(emu, 'getprojectinfo', { query: { project_id: String(p.projectId), expanded: '1' } });
    expect(Array.isArray((expanded.json as { expanded_info: unknown[] }).expanded_info)).toBe(true);
    expect((expanded.json as { project_info: unknown }).project_info).toEqual(body.project_info);
  });

  it('getprojectinfo / getcustomerofproject: missing, invalid and unknown project_id', async () => {
    const emu = await startForTest();
    for (const action of ['getprojectinfo', 'getcustomerofproject']) {
      expect((await apidata(emu, action)).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required parameter 'project_id' is missing" });
      const bad = await apidata(emu, action, { query: { project_id: 'x1' } });
      expect(bad.status).toBe(400);
      expect((bad.json as { code: string }).code).toBe('INVALID_PARAMETERS');
      const none = await apidata(emu, action, { query: { project_id: '99999999' } });
      expect(none.status).toBe(404);
      expect(none.json).toEqual({ code: 'PROJECT_NOT_FOUND', message: 'No project exists with ID: 99999999' });
    }
    const bad = await apidata(emu, 'getprojectinfo', { query: { project_id: '2143', expanded: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('getcustomerofproject answers the documented Customer: a number id, nulls and 61-prefixed phones', async () => {
    const emu = await startForTest();
    const { projects } = await emu.world.projects();
    const p = projects[0]!;
    const a = await apidata(emu, 'getcustomerofproject', { query: { project_id: String(p.projectId) } });
    expect(a.status).toBe(200);
    const body = schemaOf('getcustomerofproject').parse(a.json) as { Customer: { customerID: number; phone1: string; uid: null; contactTime: null } };
    expect(body.Customer.customerID).toBe(p.customerId);
    expect(body.Customer.phone1).toMatch(/^614\d{8}$/);
    expect(Object.keys(body.Customer)).toEqual(['customerID', 'uid', 'gstRegistered', 'firstName', 'surname', 'phone1', 'phone2', 'email', 'companyName', 'companyPhone', 'customerabn', 'siteAddress', 'note', 'contactTime']);
  });

  it('INVALID_API_KEY for a missing or unknown key, on every action', async () => {
    const emu = await startForTest();
    for (const { action, methods } of DATA_ACTIONS) {
      for (const apiKey of [null, 'nope']) {
        const a = await apidata(emu, action, { apiKey, method: methods[0], ...(methods[0] === 'GET' ? {} : { body: { data: {} } }) });
        expect(a.status, `${action} ${apiKey}`).toBe(401);
        expect(a.json).toEqual({ code: 'INVALID_API_KEY', message: 'Invalid API key' });
      }
    }
  });

  it('a method the action does not take is a 405 in the documented envelope', async () => {
    const emu = await startForTest();
    const a = await apidata(emu, 'createcustomer', { method: 'GET' });
    expect(a.status).toBe(405);
    expect(errorEnvelope.parse(a.json).code).toBe('INVALID_PARAMETERS');
    expect((await apidata(emu, 'deletecustomer', { method: 'PUT', body: { data: { pkcustomerid: 1 } } })).status).toBe(405);
  });

  it('subscribe/unsubscribe and unknown actions keep their own envelope', async () => {
    const emu = await startForTest();
    const unknown = await apidata(emu, 'get_all_projects');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 'NOT_FOUND', message: 'Unknown action "get_all_projects"' });
    const sub = await apidata(emu, 'subscribe_customer', { body: { hookUrl: 'http://127.0.0.1:1/x', type_request: 'customer_created' } });
    expect(sub.json).toEqual({ success: true, message: 'Webhook subscribed successfully' });
  });
});

describe('writes', () => {
  it('createcustomer: documented answer, the customer is readable, and customer_created is about it', async () => {
    receiver = await startTestReceiver();
    const emu = await startForTest();
    await emu.subscribe(receiver.hookUrl('/created'), 'customer_created');
    const a = await apidata(emu, 'createcustomer', { body: { data: { ...NEW_CUSTOMER, apikey: 'sp_test_key', action: 'createcustomer' } } });
    expect(a.status).toBe(200);
    const { id } = schemaOf('createcustomer').parse(a.json) as { id: string };
    expect(a.json).toEqual({ Message: 'Customer created successfully!', id });
    const [hook] = await receiver.waitFor(1, { path: '/created' });
    expect(hook!.json).toMatchObject({ customer_id: Number(id), first_name: 'Judy', surname: 'Matherson', customer_name: 'Judy Matherson', customer_email: NEW_CUSTOMER.email, phone_primary: '0411549054', customer_type_id: 1, customer_status_id: 1 });
    const record = customerRecordSchema.parse((await apidata(emu, 'getcustomerid', { query: { customer_email: NEW_CUSTOMER.email } })).json);
    expect(record).toMatchObject({ customer_id: id, customer_first_name: 'Judy', customer_last_name: 'Matherson', customer_phone_1: '0411549054', customer_phone_2: '', customer_type: 'Residential', customer_status: 'New Contacts', projects: [] });
  });

  it('createcustomer: one documented message per required field, in order', async () => {
    const emu = await startForTest();
    const fields = ['firstname', 'surname', 'email', 'phone1', 'type'] as const;
    for (let i = 0; i < fields.length; i++) {
      const data = Object.fromEntries(fields.slice(0, i).map((f) => [f, NEW_CUSTOMER[f]]));
      const a = await apidata(emu, 'createcustomer', { body: { data } });
      expect(a.status).toBe(400);
      expect(a.json).toEqual({ code: 'INVALID_PARAMETERS', message: `Required field '${fields[i]}' is missing` });
    }
    const badType = await apidata(emu, 'createcustomer', { body: { data: { ...NEW_CUSTOMER, type: 'HOUSE' } } });
    expect(badType.status).toBe(400);
    expect((badType.json as { message: string }).message).toContain("'type'");
    for (const body of ['', 'not json{', '[1,2]', '{"data": 5}', '{"data": [1]}', '{"nodata": {}}']) {
      const a = await apidata(emu, 'createcustomer', { body, contentType: 'application/json' });
      expect(a.status, body).toBe(400);
      expect((a.json as { code: string }).code).toBe('INVALID_PARAMETERS');
    }
    const wrongType = await apidata(emu, 'createcustomer', { body: { data: { ...NEW_CUSTOMER, firstname: { a: 1 } } } });
    expect(wrongType.json).toEqual({ code: 'INVALID_PARAMETERS', message: "Invalid value for field 'firstname': expected a string, got {\"a\":1}" });
  });

  it('createcustomer: a form-encoded data=<JSON> body and a business customer with useremail', async () => {
    const emu = await startForTest({ world: { salesUsers: 2 } });
    const users = (await apidata(emu, 'getallcustomers')).json as Array<{ owner_user_info: { email: string; user_id: string } }>;
    const rep = users.find((u) => u.owner_user_info.user_id !== '1001')!.owner_user_info;
    const data = { ...NEW_CUSTOMER, email: 'ops@smithplumbing.example.com', type: 'commercial', companyname: 'Smith Plumbing Pty Ltd', companyphone: '02 9876 5432', gststatus: 1, useremail: rep.email };
    const a = await apidata(emu, 'createcustomer', { body: formBody('createcustomer', data), contentType: 'application/x-www-form-urlencoded' });
    expect(a.status).toBe(200);
    const record = customerRecordSchema.parse((await apidata(emu, 'getcustomerByemail', { query: { customer_email: data.email } })).json);
    expect(record).toMatchObject({ customer_type: 'Commercial', company_name: 'Smith Plumbing Pty Ltd', company_phone: '02 9876 5432', gst_status: 'GST Registered' });
    expect(record.owner_user_info.email).toBe(rep.email);
  });

  it('updatecustomer: partial, PUT or POST; unknown id is the documented CUSTOMER_NOT_FOUND', async () => {
    const emu = await startForTest();
    const { id } = (await apidata(emu, 'createcustomer', { body: { data: NEW_CUSTOMER } })).json as { id: string };
    const put = await apidata(emu, 'updatecustomer', { method: 'PUT', body: { data: { pkcustomerid: id, surname: 'Nguyen' } } });
    expect(put.json).toEqual({ Message: 'Customer updated successfully!', CustomerId: id });
    const post = await apidata(emu, 'updatecustomer', { method: 'POST', body: formBody('updatecustomer', { pkcustomerid: Number(id), phone2: '0400 000 888' }), contentType: 'application/x-www-form-urlencoded' });
    expect(post.status).toBe(200);
    const record = customerRecordSchema.parse((await apidata(emu, 'getcustomerid', { query: { customer_email: NEW_CUSTOMER.email } })).json);
    expect(record).toMatchObject({ customer_first_name: 'Judy', customer_last_name: 'Nguyen', customer_phone_1: '0411549054', customer_phone_2: '0400 000 888' });
    const none = await apidata(emu, 'updatecustomer', { method: 'PUT', body: { data: { pkcustomerid: 79461999, surname: 'X' } } });
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'No customer exists with ID: 79461999' });
    expect((await apidata(emu, 'updatecustomer', { method: 'PUT', body: { data: { surname: 'X' } } })).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required field 'pkcustomerid' is missing" });
  });

  it('deletecustomer: permanent; the customer leaves lists, lookups and later events; the id is not reused', async () => {
    const emu = await startForTest({ world: { initialCustomers: 3 } });
    const list = (await apidata(emu, 'getallcustomers')).json as Array<{ customer_id: string; customer_email: string; projects: Array<{ project_id: string }> }>;
    const victim = list.find((c) => c.projects.length > 0) ?? list[0]!;
    const del = await apidata(emu, 'deletecustomer', { method: 'DELETE', body: { data: { pkcustomerid: victim.customer_id } } });
    expect(del.json).toEqual({ Message: 'Customer Deleted Permanently!', CustomerId: victim.customer_id });
    const again = await apidata(emu, 'deletecustomer', { method: 'POST', body: { data: { pkcustomerid: victim.customer_id } } });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'The specified customer does not exist' });
    expect(((await apidata(emu, 'getallcustomers')).json as Array<{ customer_id: string }>).map((c) => c.customer_id)).not.toContain(victim.customer_id);
    expect((await apidata(emu, 'getcustomerid', { query: { customer_email: victim.customer_email } })).status).toBe(404);
    for (const p of victim.projects) expect((await apidata(emu, 'getprojectinfo', { query: { project_id: p.project_id } })).status).toBe(404);
    const { events } = await emu.trigger('customer_status_change', { count: 40 });
    const { events: created } = await emu.trigger('customer_created', { count: 5 });
    for (const e of [...events, ...created]) expect(String((e.payload as { customer_id?: number; pkcustomerid?: number }).customer_id)).not.toBe(victim.customer_id);
    expect((await apidata(emu, 'deletecustomer', { body: { data: {} } })).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required field 'pkcustomerid' is missing" });
  });

  it('createproject: form body as documented; a new contact causes customer_created and the draft recent_draft_project', async () => {
    receiver = await startTestReceiver();
    const emu = await startForTest();
    await emu.subscribe(receiver.hookUrl('/created'), 'customer_created');
    await emu.subscribe(receiver.hookUrl('/draft'), 'recent_draft_project');
    const data = { quotenickname: 'Matherson residence', contact: { email: 'judy.m@example.com', firstname: 'Judy', surname: 'Matherson', phone: '0411 549 054' }, site_street: 'Mono Drive', site_streetnum: '132', site_suburb: 'Brisbane', site_state: 'QLD', site_postcode: '4000' };
    const a = await apidata(emu, 'createproject', { body: formBody('createproject', data), contentType: 'application/x-www-form-urlencoded' });
    expect(a.status).toBe(200);
    const answer = schemaOf('createproject').parse(a.json) as { project_id: string; customer_id: string };
    const [created] = await receiver.waitFor(1, { path: '/created' });
    expect(created!.json).toMatchObject({ customer_id: Number(answer.customer_id), first_name: 'Judy', surname: 'Matherson', customer_email: 'judy.m@example.com' });
    const [draft] = await receiver.waitFor(1, { path: '/draft' });
    expect((draft!.json as Array<Record<string, unknown>>)[0]).toMatchObject({ project_id: Number(answer.project_id), customer_id: Number(answer.customer_id), quotenickname: 'Matherson residence', is_draft: 1, site_address: '132 Mono Drive, Brisbane QLD 4000, Australia' });
    const info = projectInfoSchema.parse(((await apidata(emu, 'getprojectinfo', { query: { project_id: answer.project_id } })).json as { project_info: unknown[] }).project_info[0]);
    expect(info).toMatchObject({ quotenickname: 'Matherson residence', customer_id: answer.customer_id, is_draft: '1', proposal_link: '' });
    expect(JSON.parse(info.siteaddress)).toEqual({ streetnum: '132', street: 'Mono Drive', suburb: 'Brisbane', state: 'QLD', postcode: '4000', country: 'Australia' });

    // The same e-mail again (JSON body this time) reuses the customer: no second customer_created.
    const again = await apidata(emu, 'createproject', { body: { data: { quotenickname: 'Shed', contact: { email: 'JUDY.M@example.com' }, site_suburb: 'Brisbane' } } });
    expect((again.json as { customer_id: string }).customer_id).toBe(answer.customer_id);
    await receiver.waitFor(2, { path: '/draft' });
    expect(receiver.requestsTo('/created')).toHaveLength(1);
  });

  it('createproject: customer_id, is_draft 0 (no webhook), and its documented errors', async () => {
    receiver = await startTestReceiver();
    const emu = await startForTest();
    await emu.subscribe(receiver.hookUrl('/draft'), 'recent_draft_project');
    const { customers } = await emu.world.customers();
    const c = customers[0]!;
    const active = await apidata(emu, 'createproject', { body: { data: { quotenickname: 'Active one', customer_id: c.customerId, is_draft: 0, site_street: 'George St', site_suburb: 'Parramatta' } } });
    expect(active.status).toBe(200);
    expect((active.json as { customer_id: string }).customer_id).toBe(String(c.customerId));
    const { projects } = await emu.world.projects({ projectId: Number((active.json as { project_id: string }).project_id) });
    expect(projects[0]).toMatchObject({ isDraft: false, nickname: 'Active one', customerId: c.customerId });
    expect(projects[0]!.proposalLink).toMatch(/^\/uploads\/pdfs\/(\d+)\/proposal_\1\.pdf$/);
    expect((await apidata(emu, 'createproject', { body: { data: { customer_id: c.customerId, site_street: 'x' } } })).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required field 'quotenickname' is missing" });
    expect((await apidata(emu, 'createproject', { body: { data: { quotenickname: 'x', site_street: 'x' } } })).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required field 'customer_id' or 'contact' is missing" });
    expect((await apidata(emu, 'createproject', { body: { data: { quotenickname: 'x', customer_id: c.customerId } } })).json).toEqual({ code: 'INVALID_PARAMETERS', message: "Required field 'site_street' or 'site_suburb' is missing" });
    const none = await apidata(emu, 'createproject', { body: { data: { quotenickname: 'x', customer_id: 1, site_street: 'x' } } });
    expect(none.status).toBe(404);
    expect(none.json).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'No customer exists with ID: 1' });
    // Only the draft-less calls above: the active project sent no recent_draft_project.
    await apidata(emu, 'createproject', { body: { data: { quotenickname: 'Draft', customer_id: c.customerId, site_street: 'x', site_suburb: 'Geelong' } } });
    const [draft] = await receiver.waitFor(1, { path: '/draft' });
    expect((draft!.json as Array<{ quotenickname: string }>)[0]!.quotenickname).toBe('Draft');
    expect(receiver.requestsTo('/draft')).toHaveLength(1);
  });
});

describe('one world for events and lookups', () => {
  it('a published proposal shows its proposal_link and is_draft 0; contract_signed shows customer_status Signed', async () => {
    const emu = await startForTest();
    const { events } = await emu.trigger('published_proposal_link', { subject: { newCustomer: true } });
    const projectId = (events[0]!.payload as Array<{ project_id: number }>)[0]!.project_id;
    const info = ((await apidata(emu, 'getprojectinfo', { query: { project_id: String(projectId) } })).json as { project_info: Array<Record<string, string>> }).project_info[0]!;
    expect(info.is_draft).toBe('0');
    expect(info.proposal_link).toBe(`/uploads/pdfs/${projectId}/proposal_${projectId}.pdf`);
    await emu.trigger('contract_signed', { subject: { projectId } });
    const owner = ((await apidata(emu, 'getcustomerofproject', { query: { project_id: String(projectId) } })).json as { Customer: { email: string } }).Customer;
    const record = customerRecordSchema.parse((await apidata(emu, 'getcustomerid', { query: { customer_email: owner.email } })).json);
    expect(record.customer_status).toBe('Signed');
    expect(record.projects.find((p) => p.project_id === String(projectId))!.proposal_link).toBe(info.proposal_link);
  });

  it('customer_status_change to Signed shows in the record', async () => {
    const emu = await startForTest();
    const { customers } = await emu.world.customers({ statusId: 1 });
    const c = customers[0]!;
    await emu.trigger('customer_status_change', { subject: { customerId: c.customerId, status: 2 } });
    const record = customerRecordSchema.parse((await apidata(emu, 'getcustomerByemail', { query: { customer_email: c.email } })).json);
    expect(record.customer_status).toBe('Signed');
  });

  it('accounts stay separate: one key never sees another account\'s customers or projects', async () => {
    const emu = await startForTest({ accounts: ACCOUNTS, world: { initialCustomers: 5 } });
    const a = (await apidata(emu, 'getallcustomers', { apiKey: 'sp_a' })).json as Array<{ customer_id: string; customer_email: string }>;
    const b = (await apidata(emu, 'getallcustomers', { apiKey: 'sp_b' })).json as Array<{ customer_id: string }>;
    expect(a).toHaveLength(5);
    expect(b).toHaveLength(5);
    expect(a.map((c) => c.customer_id).filter((id) => b.some((x) => x.customer_id === id))).toEqual([]);
    expect((await apidata(emu, 'getcustomerid', { apiKey: 'sp_b', query: { customer_email: a[0]!.customer_email } })).status).toBe(404);
    expect((await apidata(emu, 'deletecustomer', { apiKey: 'sp_b', body: { data: { pkcustomerid: a[0]!.customer_id } } })).status).toBe(403); // PERMISSION_DENIED: the docs list it for deletecustomer only
    expect((await apidata(emu, 'updatecustomer', { apiKey: 'sp_b', method: 'PUT', body: { data: { pkcustomerid: a[0]!.customer_id, surname: 'X' } } })).status).toBe(404);
    const { projects } = await emu.world.projects({ apiKey: 'sp_a' });
    for (const p of projects) expect((await apidata(emu, 'getprojectinfo', { apiKey: 'sp_b', query: { project_id: String(p.projectId) } })).status).toBe(404);
    expect((await apidata(emu, 'createproject', { apiKey: 'sp_b', body: { data: { quotenickname: 'x', customer_id: a[0]!.customer_id, site_street: 'x' } } })).status).toBe(404);
    // A contact e-mail of another company creates a new customer in this one.
    const made = await apidata(emu, 'createproject', { apiKey: 'sp_b', body: { data: { quotenickname: 'x', contact: { email: a[0]!.customer_email, firstname: 'Same', surname: 'Person' }, site_street: 'x' } } });
    expect((made.json as { customer_id: string }).customer_id).not.toBe(a[0]!.customer_id);
    expect((await apidata(emu, 'getcustomerid', { apiKey: 'sp_a', query: { customer_email: a[0]!.customer_email } })).json).toMatchObject({ customer_id: a[0]!.customer_id });
  });

  it('reset brings back the seeded book and forgets writes', async () => {
    const emu = await startForTest();
    const before = (await apidata(emu, 'getallcustomers')).json;
    await apidata(emu, 'createcustomer', { body: { data: NEW_CUSTOMER } });
    await emu.reset();
    expect((await apidata(emu, 'getallcustomers')).json).toEqual(before);
  });
});

describe('createproject as the docs call it', () => {
  it('takes action=createproject in the form body, with only the key in the query', async () => {
    const emu = await startForTest();
    const { customers } = await emu.world.customers();
    const res = await fetch(`${emu.url}/apidata.php?api_key=sp_test_key`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody('createproject', { quotenickname: 'From the docs', customer_id: customers[0]!.customerId, site_suburb: 'Penrith' }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { project_id: string; customer_id: string };
    expect(answer.customer_id).toBe(String(customers[0]!.customerId));
    expect((await emu.world.projects({ projectId: Number(answer.project_id) })).projects[0]!.nickname).toBe('From the docs');
    // A form body naming an action the emulator does not serve: the legacy NOT_FOUND envelope.
    const none = await fetch(`${emu.url}/apidata.php?api_key=sp_test_key`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=nope&data=%7B%7D' });
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ code: 'NOT_FOUND', message: 'Unknown action "nope"' });
  });
});

describe('bodies as curl sends them', () => {
  it("`curl -d '{...}'` labels JSON as form-encoded: every write still reads it as JSON", async () => {
    const emu = await startForTest();
    const form = 'application/x-www-form-urlencoded';
    const created = await apidata(emu, 'createcustomer', { body: JSON.stringify({ data: NEW_CUSTOMER }), contentType: form });
    expect(created.status).toBe(200);
    const { id } = created.json as { id: string };
    expect((await apidata(emu, 'updatecustomer', { method: 'PUT', body: JSON.stringify({ data: { pkcustomerid: id, surname: 'Nguyen' } }), contentType: form })).json).toEqual({ Message: 'Customer updated successfully!', CustomerId: id });
    const project = await apidata(emu, 'createproject', { body: JSON.stringify({ data: { quotenickname: 'Curl', customer_id: id, site_suburb: 'Penrith' } }), contentType: form });
    expect(project.status).toBe(200);
    expect((await apidata(emu, 'deletecustomer', { method: 'DELETE', body: JSON.stringify({ data: { pkcustomerid: id } }), contentType: form })).json).toEqual({ Message: 'Customer Deleted Permanently!', CustomerId: id });
    // No Content-Type at all works too.
    const bare = await fetch(`${emu.url}/apidata.php?action=createcustomer&api_key=sp_test_key`, { method: 'POST', body: new TextEncoder().encode(JSON.stringify({ data: { ...NEW_CUSTOMER, email: 'bare@example.com' } })) });
    expect(bare.status).toBe(200);
  });

  it('updatecustomer and deletecustomer cause no webhook', async () => {
    receiver = await startTestReceiver();
    const emu = await startForTest();
    const { id } = (await apidata(emu, 'createcustomer', { body: { data: NEW_CUSTOMER } })).json as { id: string };
    for (const type of ['customer_created', 'customer_status_change', 'recent_draft_project'] as const) await emu.subscribe(receiver.hookUrl(`/${type}`), type);
    await apidata(emu, 'updatecustomer', { method: 'PUT', body: { data: { pkcustomerid: id, surname: 'Nguyen' } } });
    await apidata(emu, 'deletecustomer', { method: 'DELETE', body: { data: { pkcustomerid: id } } });
    // A marker event afterwards: once it has arrived, anything the writes caused would have too.
    const { events } = await emu.trigger('customer_created');
    await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' });
    expect((await emu.deliveries.list()).map((d) => d.eventId)).toEqual([events[0]!.id]);
  });
});
