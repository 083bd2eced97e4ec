import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';

const SUBSCRIBE = '/apidata.php?action=subscribe_customer&api_key=sp_test_key';
const hook = 'http://127.0.0.1:9/hooks/customers?token=abc%20def&x=1';

function fail(message: string) {
  return { success: false, message };
}

describe('subscribe_customer', () => {
  it('answers 200 with the documented success body and stores the subscription', async () => {
    const emu = await startForTest();
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe('{"success":true,"message":"Webhook subscribed successfully"}');
    const subs = await request(emu.url).get('/_emulator/subscriptions');
    expect(subs.body.subscriptions).toEqual([
      { id: 'sub_1', apiKey: 'sp_test_key', hookUrl: hook, type: 'customer_created', createdAt: expect.any(String) },
    ]);
  });

  it.each([
    ['no body', undefined, 'Empty request body'],
    ['a body that is not JSON', '{"hookUrl": ', 'Invalid JSON'],
    ['whitespace only', '   ', 'Invalid JSON'],
    ['no hookUrl', '{"type_request":"customer_created"}', 'hookUrl parameter is required'],
    ['an empty hookUrl', '{"hookUrl":"","type_request":"customer_created"}', 'hookUrl parameter is required'],
    ['a null hookUrl', '{"hookUrl":null,"type_request":"customer_created"}', 'hookUrl parameter is required'],
    ['a JSON array', '[1,2]', 'hookUrl parameter is required'],
    ['a JSON string', '"http://x.example.com"', 'hookUrl parameter is required'],
    ['JSON null', 'null', 'hookUrl parameter is required'],
    ['a URL without a scheme', '{"hookUrl":"example.com/hook","type_request":"customer_created"}', 'Invalid webhook URL format'],
    ['an ftp URL', '{"hookUrl":"ftp://example.com/hook","type_request":"customer_created"}', 'Invalid webhook URL format'],
    ['a numeric hookUrl', '{"hookUrl":42,"type_request":"customer_created"}', 'Invalid webhook URL format'],
    ['no type_request', `{"hookUrl":"${hook}"}`, 'Invalid webhook type'],
    ['an unknown type_request', `{"hookUrl":"${hook}","type_request":"customer_deleted"}`, 'Invalid webhook type'],
    ['a non-string type_request', `{"hookUrl":"${hook}","type_request":7}`, 'Invalid webhook type'],
  ])('rejects %s with 400 and the exact documented message', async (_name, body, message) => {
    const emu = await startForTest();
    let req = request(emu.url).post(SUBSCRIBE).set('Content-Type', 'application/json');
    if (body !== undefined) req = req.send(body);
    const res = await req;
    expect(res.status).toBe(400);
    expect(res.body).toEqual(fail(message));
    expect((await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions).toEqual([]);
  });

  it.each([
    ['an undocumented action', '/apidata.php?action=get_all_projects&api_key=sp_test_key'],
    ['a legacy action', '/apidata.php?action=getcustomer&customer_id=1&api_key=sp_test_key'],
    ['a misspelt action', '/apidata.php?action=subscribe_customers&api_key=sp_test_key'],
  ])('answers %s with the legacy NOT_FOUND envelope (404)', async (_name, path) => {
    const emu = await startForTest();
    const res = await request(emu.url).post(path).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: `Unknown action "${new URL(path, 'http://x').searchParams.get('action')}"` });
  });

  it('answers an unknown action as "Invalid action" with api.unknownAction: invalidAction', async () => {
    const emu = await startForTest({ api: { unknownAction: 'invalidAction' } });
    const res = await request(emu.url).post('/apidata.php?action=get_all_projects&api_key=sp_test_key').send({});
    expect(res.status).toBe(400);
    expect(res.body).toEqual(fail('Invalid action'));
  });

  it('routes the legacy root URL (/?action=...) like /apidata.php, and leaves / without an action to the dashboard', async () => {
    const emu = await startForTest();
    const sub = await request(emu.url).post('/?action=subscribe_customer&api_key=sp_test_key').send({ hookUrl: hook, type_request: 'customer_created' });
    expect(sub.status).toBe(200);
    expect(sub.body).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    const all = await request(emu.url).get('/?action=getallcustomers&api_key=sp_test_key');
    expect(all.status).toBe(200);
    expect(Array.isArray(all.body)).toBe(true);
    const page = await request(emu.url).get('/').set('Accept', 'text/html');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/_emulator/ui/');
  });

  it('checks in the documented order: URL format before type, type before key', async () => {
    const emu = await startForTest();
    const badAll = await request(emu.url)
      .post('/apidata.php?action=subscribe_customer&api_key=nope')
      .send({ hookUrl: 'not a url', type_request: 'nope' });
    expect(badAll.body).toEqual(fail('Invalid webhook URL format'));
    const badTypeAndKey = await request(emu.url)
      .post('/apidata.php?action=subscribe_customer&api_key=nope')
      .send({ hookUrl: hook, type_request: 'nope' });
    expect(badTypeAndKey.body).toEqual(fail('Invalid webhook type'));
  });

  it.each([
    ['an unknown key', '/apidata.php?action=subscribe_customer&api_key=wrong'],
    ['no key', '/apidata.php?action=subscribe_customer'],
    ['an empty key', '/apidata.php?action=subscribe_customer&api_key='],
  ])('rejects %s with 400 Invalid API key', async (_name, path) => {
    const emu = await startForTest();
    const res = await request(emu.url).post(path).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(fail('Invalid API key'));
  });

  it('is idempotent for the same account, hookUrl and type', async () => {
    const emu = await startForTest();
    for (let i = 0; i < 3; i++) {
      const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
      expect(res.body).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    }
    await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'project_sms_sent' });
    const subs = (await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions;
    expect(subs.map((s: { type: string }) => s.type)).toEqual(['customer_created', 'project_sms_sent']);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', ''])(
    'reads a JSON body whatever the Content-Type (%s)',
    async (contentType) => {
      const emu = await startForTest();
      const req = request(emu.url).post(SUBSCRIBE);
      if (contentType) req.set('Content-Type', contentType);
      else req.unset('Content-Type');
      const res = await req.send(JSON.stringify({ hookUrl: hook, type_request: 'customer_created' }));
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
    },
  );

  it('keeps the hookUrl query string exactly as sent', async () => {
    const emu = await startForTest();
    const odd = 'https://app.example.com/hook?token=a+b%2Fc&empty=&dup=1&dup=2#frag';
    await request(emu.url).post(SUBSCRIBE).send({ hookUrl: odd, type_request: 'customer_created' });
    const subs = (await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions;
    expect(subs[0].hookUrl).toBe(odd);
  });

  it('accepts contract_signed under v2 and rejects it under v1', async () => {
    const v2 = await startForTest();
    const ok = await request(v2.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'contract_signed' });
    expect(ok.body.success).toBe(true);
    const v1 = await startForTest({ payloadVersion: 'v1' });
    const no = await request(v1.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'contract_signed' });
    expect(no.status).toBe(400);
    expect(no.body).toEqual(fail('Invalid webhook type'));
    const v1ok = await request(v1.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'recent_draft_project' });
    expect(v1ok.body.success).toBe(true);
  });

  it('accepts localhost http URLs by default but only public https URLs with strictHookUrls', async () => {
    const emu = await startForTest({ strictHookUrls: true });
    const cases: Array<[string, boolean]> = [
      ['http://127.0.0.1:8080/hook', false],
      ['https://localhost/hook', false],
      ['https://10.1.2.3/hook', false],
      ['https://192.168.0.4/hook', false],
      ['https://intranet/hook', false],
      ['http://hooks.example.com/hook', false],
      ['https://hooks.example.com/hook?token=1', true],
      // Subscribing sends nothing; these hosts only have to look public.
      ['https://8.8.8.8/hook', true],
      ['https://203.0.113.10/hook', false], // TEST-NET-3, a documentation range
      // Spellings that name loopback or the metadata address without saying so.
      ['https://[::ffff:127.0.0.1]/hook', false],
      ['https://[::ffff:a9fe:a9fe]/hook', false],
      ['https://localhost./hook', false],
      ['https://2130706433/hook', false],
      ['https://0x7f000001/hook', false],
      ['https://127.1/hook', false],
    ];
    for (const [url, ok] of cases) {
      const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: url, type_request: 'customer_created' });
      expect({ url, body: res.body }).toEqual({
        url,
        body: ok ? { success: true, message: 'Webhook subscribed successfully' } : fail('Invalid webhook URL format'),
      });
    }
  });

  it('answers a body over api.maxBodyBytes with 413 in Solar Proof shape and stays up', async () => {
    const emu = await startForTest({ api: { maxBodyBytes: 1024 } });
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created', pad: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(fail('Request body too large'));
    const after = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(after.status).toBe(200);
  });
});

describe('apidata.php routing', () => {
  it.each([
    ['no action', 'post', '/apidata.php?api_key=sp_test_key', 400, 'Invalid action'],
    ['GET on subscribe', 'get', SUBSCRIBE, 405, 'Method not allowed'],
    ['DELETE on subscribe', 'delete', SUBSCRIBE, 405, 'Method not allowed'],
    ['PUT on unsubscribe', 'put', '/apidata.php?action=unsubscribe_customer&api_key=sp_test_key', 405, 'Method not allowed'],
  ] as const)('answers %s with JSON %i, never HTML', async (_name, method, path, status, message) => {
    const emu = await startForTest();
    const res = await request(emu.url)[method](path).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(fail(message));
  });

  it('uses the last value of a repeated query key, as PHP does', async () => {
    const emu = await startForTest();
    const res = await request(emu.url)
      .post('/apidata.php?action=unsubscribe_customer&action=subscribe_customer&api_key=x&api_key=sp_test_key')
      .send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.body).toEqual({ success: true, message: 'Webhook subscribed successfully' });
  });
});

describe('api faults', () => {
  it('answers 503 when api.faults.error503 is 1, and normally again once it is 0', async () => {
    const emu = await startForTest({ api: { faults: { error503: 1 } } });
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(503);
    expect(res.body.success).toBe(false);
    await request(emu.url).patch('/_emulator/config').send({ api: { faults: { error503: 0 } } }).expect(200);
    const ok = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(ok.status).toBe(200);
  });

  it('answers 500 when api.faults.error500 is 1 and records nothing', async () => {
    const emu = await startForTest({ api: { faults: { error500: 1 } } });
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(500);
    expect((await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions).toEqual([]);
  });

  it('stalls for api.faults.stallMs (scaled by timeScale) before answering', async () => {
    const emu = await startForTest({ timeScale: 0.01, api: { faults: { stall: 1, stallMs: 20_000 } } });
    const started = Date.now();
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: hook, type_request: 'customer_created' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('subscribe_customer resource limits', () => {
  it('refuses a hook URL longer than 2 048 characters as an invalid URL, and keeps one of exactly 2 048', async () => {
    const emu = await startForTest();
    const base = 'http://127.0.0.1:9/h?pad=';
    const fits = base + 'x'.repeat(2048 - base.length);
    const long = fits + 'x';
    const ok = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: fits, type_request: 'customer_created' });
    expect(ok.body).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: long, type_request: 'customer_created' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(fail('Invalid webhook URL format'));
  });

  it('refuses a subscription past api.maxSubscriptionsPerAccount in Solar Proof\'s envelope; a repeat and another account still work', async () => {
    const emu = await startForTest({
      api: { maxSubscriptionsPerAccount: 3 },
      accounts: [
        { apiKey: 'sp_test_key', userId: 1, userName: 'A', userEmail: 'a@a.example.com', companyName: 'A', companyId: 1 },
        { apiKey: 'sp_other', userId: 2, userName: 'B', userEmail: 'b@b.example.com', companyName: 'B', companyId: 2 },
      ],
    });
    for (let i = 1; i <= 3; i++) {
      const res = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: `http://127.0.0.1:9/h${i}`, type_request: 'customer_created' });
      expect(res.body.success).toBe(true);
    }
    const over = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: 'http://127.0.0.1:9/h4', type_request: 'customer_created' });
    expect(over.status).toBe(400);
    expect(over.text).toBe('{"success":false,"message":"Webhook subscription limit reached"}');
    const again = await request(emu.url).post(SUBSCRIBE).send({ hookUrl: 'http://127.0.0.1:9/h1', type_request: 'customer_created' });
    expect(again.body.success).toBe(true);
    const other = await request(emu.url)
      .post('/apidata.php?action=subscribe_customer&api_key=sp_other')
      .send({ hookUrl: 'http://127.0.0.1:9/h4', type_request: 'customer_created' });
    expect(other.body.success).toBe(true);
    expect((await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions).toHaveLength(4);
  });
});

describe('GET /_emulator/subscriptions pages', () => {
  it('answers at most limit (default 1000) with the total and the offset of the next page', async () => {
    const emu = await startForTest();
    for (let i = 1; i <= 5; i++) emu.emulator.subscriptions.subscribe('sp_test_key', `http://127.0.0.1:9/h${i}`, 'customer_created');
    const first = await request(emu.url).get('/_emulator/subscriptions?limit=2');
    expect(first.body).toMatchObject({ total: 5, nextOffset: 2 });
    expect(first.body.subscriptions.map((s: { id: string }) => s.id)).toEqual(['sub_1', 'sub_2']);
    const last = await request(emu.url).get('/_emulator/subscriptions?limit=2&offset=4');
    expect(last.body.subscriptions.map((s: { id: string }) => s.id)).toEqual(['sub_5']);
    expect(last.body.nextOffset).toBeUndefined();
    expect((await request(emu.url).get('/_emulator/subscriptions')).body).toMatchObject({ total: 5 });
    expect((await request(emu.url).get('/_emulator/subscriptions?limit=0')).status).toBe(400);
    // The typed client follows the pages.
    expect(await emu.subscriptions.list()).toHaveLength(5);
  });
});
