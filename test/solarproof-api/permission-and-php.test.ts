// PERMISSION_DENIED where the docs list it (deletecustomer of another account's customer) and
// payloadStyle "php" on the data API: PHP's default json_encode escaping, byte for byte.
import { describe, expect, it } from 'vitest';
import { customerRecordSchema } from '../../src/solarproof/data-actions.js';
import { startForTest } from '../support/start.js';
import { apidata } from './data-support.js';

const ACCOUNTS = [
  { apiKey: 'sp_a', userId: 1001, userName: 'Alex A', userEmail: 'alex@a.example.com', companyName: 'A Solar', companyId: 1 },
  { apiKey: 'sp_b', userId: 2001, userName: 'Bea B', userEmail: 'bea@b.example.com', companyName: 'B Solar', companyId: 2 },
];

describe('PERMISSION_DENIED', () => {
  it("deletecustomer of another account's customer answers PERMISSION_DENIED (403) and deletes nothing", async () => {
    const emu = await startForTest({ accounts: ACCOUNTS, world: { initialCustomers: 3 } });
    const [theirs] = customerRecordSchema.array().parse((await apidata(emu, 'getallcustomers', { apiKey: 'sp_b' })).json);
    const a = await apidata(emu, 'deletecustomer', { apiKey: 'sp_a', body: { data: { pkcustomerid: theirs!.customer_id } } });
    expect(a.status).toBe(403);
    expect(a.json).toEqual({ code: 'PERMISSION_DENIED', message: 'You do not have permission to delete this customer' });
    const still = await apidata(emu, 'getcustomerid', { apiKey: 'sp_b', query: { customer_email: theirs!.customer_email } });
    expect(still.status).toBe(200);
    // A customer no account has is still CUSTOMER_NOT_FOUND; the owner can delete its own.
    const none = await apidata(emu, 'deletecustomer', { apiKey: 'sp_a', body: { data: { pkcustomerid: '999999' } } });
    expect(none.json).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'The specified customer does not exist' });
    const own = await apidata(emu, 'deletecustomer', { apiKey: 'sp_b', body: { data: { pkcustomerid: theirs!.customer_id } } });
    expect(own.json).toEqual({ Message: 'Customer Deleted Permanently!', CustomerId: theirs!.customer_id });
  });
});

describe('payloadStyle php on the data API', () => {
  const zoe = { firstname: 'Zoë', surname: 'Ngô', email: 'zoe.ngo@example.com', phone1: '0411549054', type: 'RESIDENTIAL' };

  it('escapes / as \\/ and non-ASCII as lower-case \\uXXXX (surrogate pairs for astral characters); json style is unchanged', async () => {
    const php = await startForTest({ payloadStyle: 'php' });
    const json = await startForTest();
    for (const emu of [php, json]) {
      const made = await apidata(emu, 'createcustomer', { body: { data: { ...zoe, surname: 'Ngô ☀️🌞' } } });
      expect(made.status).toBe(200);
    }
    const read = async (emu: { url: string }) => apidata(emu, 'getcustomerid', { query: { customer_email: zoe.email } });
    const [p, j] = [await read(php), await read(json)];
    expect(p.json).toEqual(j.json); // the same values, only written differently
    expect(j.text).toBe(JSON.stringify(j.json));
    expect(j.text).toContain('"customer_first_name":"Zoë"');
    expect(p.text).toContain('"customer_first_name":"Zo\\u00eb"');
    expect(p.text).toContain('"customer_last_name":"Ng\\u00f4 \\u2600\\ufe0f\\ud83c\\udf1e"');
    expect(p.text).not.toMatch(/[^\x00-\x7f]/);
    expect(p.text).not.toMatch(/[^\\]\//);
    // A project's page path and an error envelope are escaped too.
    const { projects } = await php.world.projects();
    const info = await apidata(php, 'getprojectinfo', { query: { project_id: String(projects[0]!.projectId), expanded: '1' } });
    expect(info.text).toContain(`"url":"\\/projects\\/${projects[0]!.projectId}"`);
    const unknown = await apidata(php, 'a/b');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('{"code":"NOT_FOUND","message":"Unknown action \\"a\\/b\\""}');
    const unknownJson = await apidata(json, 'a/b');
    expect(unknownJson.text).toBe('{"code":"NOT_FOUND","message":"Unknown action \\"a/b\\""}');
  });
});
