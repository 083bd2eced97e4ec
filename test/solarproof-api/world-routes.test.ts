// GET /_emulator/world/customers and /projects, the typed client's world.*, and world.customersFile.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { startEmulator } from '../../src/start-emulator.js';
import { startForTest } from '../support/start.js';
import { apidata } from './data-support.js';

const ACCOUNTS = [
  { apiKey: 'sp_a', userId: 1001, userName: 'Alex A', userEmail: 'alex@a.example.com', companyName: 'A Solar', companyId: 1 },
  { apiKey: 'sp_b', userId: 2001, userName: 'Bea B', userEmail: 'bea@b.example.com', companyName: 'B Solar', companyId: 2 },
];

function file(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-customers-'));
  const path = join(dir, 'customers.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('GET /_emulator/world/customers and /projects', () => {
  it('lists the world in the dashboard contract, filterable, and the client reads the same', async () => {
    const emu = await startForTest({ accounts: ACCOUNTS, world: { initialCustomers: 6 } });
    const res = await fetch(`${emu.url}/_emulator/world/customers?apiKey=sp_a`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { customers: Array<Record<string, unknown>>; total: number };
    expect(body.total).toBe(6);
    expect(body.customers).toHaveLength(6);
    for (const c of body.customers) {
      expect(c).toMatchObject({ apiKey: 'sp_a', customerId: expect.any(Number), name: expect.any(String), email: expect.any(String), type: expect.stringMatching(/^(RESIDENTIAL|COMMERCIAL|LARGE-SCALE)$/), statusId: expect.any(Number), status: expect.any(String), projectIds: expect.any(Array) });
      expect(new Date(c.createdAt as string).toISOString()).toBe(c.createdAt);
    }
    const client = createClient(emu.url, { apiKey: 'sp_a' });
    expect(await client.world.customers({ apiKey: 'sp_a' })).toEqual(body);
    expect((await client.world.customers()).total).toBe(12);

    const withProject = body.customers.find((c) => (c.projectIds as number[]).length > 0)!;
    const { projects, total } = await client.world.projects({ apiKey: 'sp_a', customerId: withProject.customerId as number });
    expect(total).toBe((withProject.projectIds as number[]).length);
    for (const p of projects) {
      expect(p).toMatchObject({ apiKey: 'sp_a', customerId: withProject.customerId, nickname: expect.stringMatching(/^Project #\d+$/), isDraft: expect.any(Boolean), proposalStatus: expect.stringMatching(/^(draft|sent|viewed|signed)$/) });
      expect(p.proposalLink === null || /^\/uploads\/pdfs\/\d+\/proposal_\d+\.pdf$/.test(p.proposalLink)).toBe(true);
      expect(p.isDraft).toBe(p.proposalLink === null);
    }
    const drafts = await client.world.projects({ isDraft: true });
    expect(drafts.projects.every((p) => p.isDraft)).toBe(true);
    const signed = await client.world.customers({ statusId: 2 });
    expect(signed.customers.every((c) => c.status === 'Signed')).toBe(true);
  });

  it('follows writes through the data API and events', async () => {
    const emu = await startForTest({ world: { initialCustomers: 0 } });
    expect(await emu.world.customers()).toEqual({ customers: [], total: 0 });
    const { id } = (await apidata(emu, 'createcustomer', { body: { data: { firstname: 'Ann', surname: 'Lee', email: 'ann.lee@example.com', phone1: '0400 000 888', type: 'RESIDENTIAL' } } })).json as { id: string };
    const { customers } = await emu.world.customers({ email: 'ANN.LEE@example.com' });
    expect(customers).toEqual([expect.objectContaining({ customerId: Number(id), name: 'Ann Lee', statusId: 1, status: 'New Contacts', projectIds: [] })]);
    const { events } = await emu.trigger('published_proposal_link', { subject: { customerId: Number(id) } });
    const projectId = (events[0]!.payload as Array<{ project_id: number }>)[0]!.project_id;
    expect((await emu.world.projects({ projectId })).projects[0]).toMatchObject({ isDraft: false, proposalStatus: 'sent', proposalLink: `/uploads/pdfs/${projectId}/proposal_${projectId}.pdf` });
  });

  it('refuses an unknown apiKey and bad filters with a problem naming them', async () => {
    const emu = await startForTest();
    const unknown = await fetch(`${emu.url}/_emulator/world/customers?apiKey=nope`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { code: string }).code).toBe('UNKNOWN_API_KEY');
    const bad = await fetch(`${emu.url}/_emulator/world/projects?customerId=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string; detail: string }).code).toBe('INVALID_QUERY');
    const typo = await fetch(`${emu.url}/_emulator/world/projects?custmerId=1`);
    expect(typo.status).toBe(400);
  });
});

describe('world.customersFile', () => {
  it('seeds your own customers (before the generated ones), readable through the data API and kept across reset', async () => {
    const path = file({
      customers: [
        { firstName: 'Judy', surname: 'Matherson', email: 'judy@example.com', phone1: '0411549054', createdAt: '2025-11-03T01:30:00Z', address: { streetNum: '132', street: 'Mono Dr', suburb: 'Kirwan', state: 'QLD', postcode: '4817' }, projects: [{ stage: 'signed', nickname: 'Matherson roof' }] },
        { apiKey: 'sp_b', firstName: 'Bob', surname: 'Smith', email: 'bob@smithplumbing.example.com', type: 'COMMERCIAL', companyName: 'Smith Plumbing Pty Ltd', status: 3 },
      ],
    });
    const emu = await startForTest({ accounts: ACCOUNTS, world: { customersFile: path, initialCustomers: 2 } });
    const judy = (await apidata(emu, 'getcustomerid', { apiKey: 'sp_a', query: { customer_email: 'judy@example.com' } })).json as Record<string, unknown> & { projects: Array<Record<string, string>> };
    expect(judy).toMatchObject({ customer_first_name: 'Judy', customer_last_name: 'Matherson', customer_phone_1: '0411549054', customer_status: 'Signed', creation_date: '2025-11-03' });
    expect(judy.projects[0]!.site_address).toEqual({ streetnum: '132', street: 'Mono Dr', suburb: 'Kirwan', state: 'QLD', postcode: '4817', country: 'Australia' });
    expect(judy.projects).toEqual([expect.objectContaining({ project_title: 'Matherson roof', proposal_link: expect.stringMatching(/^\/uploads\/pdfs\//) })]);
    const a = await emu.world.customers({ apiKey: 'sp_a' });
    expect(a.total).toBe(3);
    expect(a.customers[0]!.email).toBe('judy@example.com');
    const bob = (await apidata(emu, 'getcustomerid', { apiKey: 'sp_b', query: { customer_email: 'bob@smithplumbing.example.com' } })).json;
    expect(bob).toMatchObject({ customer_type: 'Commercial', company_name: 'Smith Plumbing Pty Ltd', customer_status: 'Mega Status' });
    expect((await apidata(emu, 'getcustomerid', { apiKey: 'sp_a', query: { customer_email: 'bob@smithplumbing.example.com' } })).status).toBe(404);
    await emu.reset();
    expect((await emu.world.customers({ apiKey: 'sp_a', email: 'judy@example.com' })).total).toBe(1);
  });

  it('refuses a bad file with a message naming the file and the field', async () => {
    const bad = file({ customers: [{ firstName: 'Judy', surname: 'M', email: 'not-an-email' }] });
    await expect(startEmulator({ world: { customersFile: bad } })).rejects.toThrow(new RegExp(`world.customersFile ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: customers\\.0\\.email`));
    const key = file([{ apiKey: 'sp_nope', firstName: 'A', surname: 'B', email: 'a@example.com' }]);
    await expect(startEmulator({ world: { customersFile: key } })).rejects.toThrow(/customers\.0\.apiKey: no account has the key "sp_nope"/);
    const notJson = file('{ nope');
    await expect(startEmulator({ world: { customersFile: notJson } })).rejects.toThrow(/world.customersFile .*cannot read it as JSON/);
    const stage = file({ customers: [{ firstName: 'A', surname: 'B', email: 'a@example.com', projects: [{ stage: 'won' }] }] });
    await expect(startEmulator({ world: { customersFile: stage } })).rejects.toThrow(/customers\.0\.projects\.0\.stage/);
  });
});
