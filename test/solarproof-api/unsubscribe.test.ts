import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';

const hook = 'http://127.0.0.1:9/hook?token=t1';
const sub = (key: string) => `/apidata.php?action=subscribe_customer&api_key=${key}`;
const unsub = (key: string) => `/apidata.php?action=unsubscribe_customer&api_key=${key}`;

describe('unsubscribe_customer', () => {
  it.each(['post', 'delete'] as const)('removes every type of the URL in the account via %s', async (method) => {
    const emu = await startForTest();
    for (const type of ['customer_created', 'project_sms_sent', 'contract_signed']) {
      await request(emu.url).post(sub('sp_test_key')).send({ hookUrl: hook, type_request: type }).expect(200);
    }
    await request(emu.url).post(sub('sp_test_key')).send({ hookUrl: `${hook}&other=1`, type_request: 'customer_created' });
    const res = await request(emu.url)[method](unsub('sp_test_key')).send({ hookUrl: hook });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"success":true,"message":"Webhook unsubscribed successfully"}');
    const left = (await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions;
    expect(left.map((s: { hookUrl: string }) => s.hookUrl)).toEqual([`${hook}&other=1`]);
  });

  it('needs an exact URL match', async () => {
    const emu = await startForTest();
    await request(emu.url).post(sub('sp_test_key')).send({ hookUrl: hook, type_request: 'customer_created' });
    const res = await request(emu.url).post(unsub('sp_test_key')).send({ hookUrl: `${hook}/` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: 'No matching webhook found for this user' });
  });

  it('scopes subscriptions to the account of the key', async () => {
    const two = await startForTest({
      accounts: [
        { apiKey: 'key_a', userId: 1, userName: 'A', userEmail: 'a@a.example.com', companyName: 'A Solar', companyId: 11 },
        { apiKey: 'key_b', userId: 2, userName: 'B', userEmail: 'b@b.example.com', companyName: 'B Solar', companyId: 12 },
      ],
    });
    await request(two.url).post(sub('key_a')).send({ hookUrl: hook, type_request: 'customer_created' }).expect(200);
    const other = await request(two.url).post(unsub('key_b')).send({ hookUrl: hook });
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ success: false, message: 'No matching webhook found for this user' });
    expect((await request(two.url).get('/_emulator/subscriptions')).body.subscriptions).toHaveLength(1);
    const own = await request(two.url).post(unsub('key_a')).send({ hookUrl: hook });
    expect(own.body).toEqual({ success: true, message: 'Webhook unsubscribed successfully' });
  });

  it.each([
    ['no body', undefined, 'Empty request body'],
    ['invalid JSON', '{nope', 'Invalid JSON'],
    ['no hookUrl', '{}', 'hookUrl parameter is required'],
    ['a bad URL', '{"hookUrl":"::"}', 'Invalid webhook URL format'],
  ])('rejects %s with the exact documented message', async (_name, body, message) => {
    const emu = await startForTest();
    const req = request(emu.url).delete(unsub('sp_test_key')).set('Content-Type', 'application/json');
    const res = await (body === undefined ? req : req.send(body));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message });
  });

  it('checks the key after the URL and before looking for a match', async () => {
    const emu = await startForTest();
    const bad = await request(emu.url).post(unsub('wrong')).send({ hookUrl: 'nope' });
    expect(bad.body.message).toBe('Invalid webhook URL format');
    const res = await request(emu.url).post(unsub('wrong')).send({ hookUrl: hook });
    expect(res.body).toEqual({ success: false, message: 'Invalid API key' });
  });

  it('ignores a type_request in the body: unsubscribe always removes every type', async () => {
    const emu = await startForTest();
    await request(emu.url).post(sub('sp_test_key')).send({ hookUrl: hook, type_request: 'customer_created' });
    await request(emu.url).post(sub('sp_test_key')).send({ hookUrl: hook, type_request: 'project_email_sent' });
    await request(emu.url).post(unsub('sp_test_key')).send({ hookUrl: hook, type_request: 'customer_created' }).expect(200);
    expect((await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions).toEqual([]);
  });
});
