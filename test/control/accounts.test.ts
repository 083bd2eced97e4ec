// API keys at run time: POST /_emulator/accounts and DELETE /_emulator/accounts/:apiKey, over real
// HTTP on both surfaces, through the typed client; reset, state documents and the data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountRevokedSchema, accountViewSchema } from '../../src/contract/account-schemas.js';
import { EmulatorApiError } from '../../src/client/emulator-api-error.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { apidata } from '../solarproof-api/data-support.js';

const receivers: TestReceiver[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const problem = async (p: Promise<unknown>): Promise<EmulatorApiError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(EmulatorApiError);
  return err as EmulatorApiError;
};

describe('adding a key', () => {
  it('works on both surfaces at once: subscribe, data API (its own empty world), triggers; numbered after the configured account', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const emu = await startForTest();
    const added = await emu.accounts.add({ apiKey: 'sp_new_key', companyName: 'Northern Rays Pty Ltd' });
    expect(accountViewSchema.parse(added)).toEqual({ apiKey: 'sp_new_key', userId: 1002, userName: 'Test User 2', userEmail: 'user2@installer2.example.com', companyName: 'Northern Rays Pty Ltd', companyId: 502, origin: 'api' });
    expect((await emu.accounts.list()).map((a) => [a.apiKey, a.origin])).toEqual([['sp_test_key', 'config'], ['sp_new_key', 'api']]);
    expect((await apidata(emu, 'getallcustomers', { apiKey: 'sp_new_key' })).json).toEqual([]);
    await emu.subscribe(receiver.hookUrl('/new'), 'customer_created', { apiKey: 'sp_new_key' });
    const { events } = await emu.trigger('customer_created', { apiKey: 'sp_new_key' });
    const [hook] = await receiver.waitFor(1, { path: '/new' });
    expect((hook!.json as { customer_id: number }).customer_id).toBe(events[0]!.payload.customer_id);
    const list = (await apidata(emu, 'getallcustomers', { apiKey: 'sp_new_key' })).json as Array<{ customer_id: string }>;
    expect(list.map((c) => Number(c.customer_id))).toEqual([events[0]!.payload.customer_id]);
    // The configured account's world is untouched by the new one.
    expect(((await apidata(emu, 'getallcustomers')).json as unknown[]).length).toBe(25);
  });

  it("an added account's world is seeded from the seed and the key: the same calls give the same payloads", async () => {
    const run = async () => {
      const emu = await startForTest({ world: { salesUsers: 3 } });
      await emu.accounts.add({ apiKey: 'sp_det' });
      return (await emu.trigger('customer_created', { apiKey: 'sp_det', count: 5 })).events.map((e) => e.payload);
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    // The configured account's stream did not move: its first event is the same as without the added key.
    const plain = await startForTest({ world: { salesUsers: 3 } });
    const withKey = await startForTest({ world: { salesUsers: 3 } });
    await withKey.accounts.add({ apiKey: 'sp_det' });
    expect((await withKey.trigger('customer_created')).events[0]!.payload).toEqual((await plain.trigger('customer_created')).events[0]!.payload);
  });

  it('refuses a key in force (409 ACCOUNT_EXISTS) and a bad body (400), changing nothing', async () => {
    const emu = await startForTest();
    expect((await problem(emu.accounts.add({ apiKey: 'sp_test_key' }))).code).toBe('ACCOUNT_EXISTS');
    const bad = await fetch(`${emu.url}/_emulator/accounts`, { method: 'POST', body: JSON.stringify({ apiKey: 'has space', extra: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_BODY');
    expect((await emu.accounts.list()).map((a) => a.apiKey)).toEqual(['sp_test_key']);
  });
});

describe('revoking a key', () => {
  it("answers 'Invalid API key' on both surfaces, removes its subscriptions and cancels their pending deliveries (reason revoked)", async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    receiver.setDefault({ status: 503 });
    const emu = await startForTest({ delivery: { retry: { schedule: [600_000] } } });
    await emu.accounts.add({ apiKey: 'sp_second' });
    await emu.subscribe(receiver.hookUrl('/old'), 'customer_created');
    await emu.subscribe(receiver.hookUrl('/second'), 'customer_created', { apiKey: 'sp_second' });
    const { deliveries } = await emu.trigger('customer_created');
    await receiver.waitFor(1, { path: '/old' }); // first attempt failed; the retry waits ten minutes

    const revoked = accountRevokedSchema.parse(await emu.accounts.revoke('sp_test_key'));
    expect(revoked).toMatchObject({ account: { apiKey: 'sp_test_key', origin: 'config' }, subscriptionsRemoved: 1 });
    const [cancelled] = await emu.deliveries.waitFor({ hookUrl: receiver.hookUrl('/old'), state: 'cancelled' });
    expect(cancelled!.id).toBe(deliveries[0]);
    expect((await emu.deliveries.get(deliveries[0]!)).cancelReason).toBe('revoked');

    const sub = await apidata(emu, 'subscribe_customer', { body: { hookUrl: receiver.hookUrl('/x'), type_request: 'customer_created' } });
    expect([sub.status, sub.json]).toEqual([400, { success: false, message: 'Invalid API key' }]);
    const data = await apidata(emu, 'getallcustomers');
    expect([data.status, data.json]).toEqual([401, { code: 'INVALID_API_KEY', message: 'Invalid API key' }]);
    expect((await problem(emu.trigger('customer_created', { apiKey: 'sp_test_key' }))).code).toBe('UNKNOWN_API_KEY');
    // The other key keeps working, and is now the default for triggers.
    const second = await emu.trigger('customer_created');
    expect(second.deliveries).toHaveLength(1);
    expect((await emu.subscriptions.list()).map((s) => s.apiKey)).toEqual(['sp_second']);
  });

  it('refuses an unknown key (404 UNKNOWN_ACCOUNT) and the last key in force (409 LAST_ACCOUNT)', async () => {
    const emu = await startForTest();
    expect((await problem(emu.accounts.revoke('nope'))).code).toBe('UNKNOWN_ACCOUNT');
    const last = await problem(emu.accounts.revoke('sp_test_key'));
    expect([last.status, last.code]).toEqual([409, 'LAST_ACCOUNT']);
    expect((await apidata(emu, 'getallcustomers')).status).toBe(200);
  });
});

describe('keys over reset, state documents and the data dir', () => {
  it('reset goes back to the configured keys: added ones are dropped, revoked ones come back', async () => {
    const emu = await startForTest();
    await emu.accounts.add({ apiKey: 'sp_added' });
    await emu.accounts.revoke('sp_test_key');
    await emu.reset();
    expect((await emu.accounts.list()).map((a) => a.apiKey)).toEqual(['sp_test_key']);
    expect((await apidata(emu, 'getallcustomers', { apiKey: 'sp_added' })).status).toBe(401);
    expect((await apidata(emu, 'getallcustomers')).status).toBe(200);
  });

  it("a state document carries the keys in force and their worlds; one without them (as older ones) keeps the configured keys", async () => {
    const emu = await startForTest();
    const plainDoc = await emu.state.get();
    expect('accounts' in plainDoc).toBe(false);
    await emu.accounts.add({ apiKey: 'sp_added' });
    await emu.accounts.revoke('sp_test_key');
    const { events } = await emu.trigger('customer_created');
    const doc = await emu.state.get();
    expect(doc.accounts?.map((a) => a.apiKey)).toEqual(['sp_added']);

    const other = await startForTest();
    await other.state.put(doc);
    expect((await other.accounts.list()).map((a) => a.apiKey)).toEqual(['sp_added']);
    expect((await apidata(other, 'getallcustomers')).status).toBe(401);
    const list = (await apidata(other, 'getallcustomers', { apiKey: 'sp_added' })).json as Array<{ customer_id: string }>;
    expect(list.map((c) => Number(c.customer_id))).toEqual([events[0]!.payload.customer_id]);
    await other.state.put(plainDoc);
    expect((await other.accounts.list()).map((a) => a.apiKey)).toEqual(['sp_test_key']);
  });

  it('with --data-dir, keys added and revoked at run time survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-accounts-'));
    dirs.push(dataDir);
    const first = await startForTest({ dataDir });
    await first.accounts.add({ apiKey: 'sp_kept', userName: 'Kim Kept' });
    await first.accounts.revoke('sp_test_key');
    await first.close();
    const second = await startForTest({ dataDir });
    expect((await second.accounts.list()).map((a) => [a.apiKey, a.userName])).toEqual([['sp_kept', 'Kim Kept']]);
    expect((await apidata(second, 'getallcustomers')).status).toBe(401);
    expect((await apidata(second, 'getallcustomers', { apiKey: 'sp_kept' })).status).toBe(200);
  });
});
