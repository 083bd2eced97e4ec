import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { startForTest } from '../support/start.js';

describe('control API: health, config, reset', () => {
  it('GET /_emulator/health answers ok with the version', async () => {
    const emu = await startForTest();
    const res = await request(emu.url).get('/_emulator/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: VERSION });
  });

  it('GET /_emulator lists the routes, and unknown routes are a problem+json 404', async () => {
    const emu = await startForTest();
    const index = await request(emu.url).get('/_emulator').expect(200);
    expect(index.body.routes).toEqual(expect.arrayContaining([{ method: 'PATCH', path: '/_emulator/config', summary: expect.any(String) }]));
    const res = await request(emu.url).get('/_emulator/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const wrongMethod = await request(emu.url).delete('/_emulator/health').expect(405);
    expect(wrongMethod.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('PATCH /_emulator/config deep-merges and the change shows in GET', async () => {
    const emu = await startForTest();
    const res = await request(emu.url)
      .patch('/_emulator/config')
      .send({ delivery: { timeoutMs: 250, retry: { schedule: [] } }, payloadVersion: 'v1' })
      .expect(200);
    expect(res.body.delivery.timeoutMs).toBe(250);
    expect(res.body.delivery.retry.schedule).toEqual([]);
    expect(res.body.delivery.retry.honorRetryAfter).toBe(true);
    const got = await request(emu.url).get('/_emulator/config').expect(200);
    expect(got.body.payloadVersion).toBe('v1');
  });

  it('replaces a latency object whose distribution changes', async () => {
    const emu = await startForTest();
    await request(emu.url).patch('/_emulator/config').send({ delivery: { latency: { distribution: 'fixed', ms: 400 } } }).expect(200);
    const res = await request(emu.url)
      .patch('/_emulator/config')
      .send({ delivery: { latency: { distribution: 'uniform', minMs: 100, maxMs: 300 } } })
      .expect(200);
    expect(res.body.delivery.latency).toEqual({ distribution: 'uniform', minMs: 100, maxMs: 300 });
  });

  it('rejects an invalid patch with every bad path named and changes nothing', async () => {
    const emu = await startForTest();
    const before = (await request(emu.url).get('/_emulator/config')).body;
    const res = await request(emu.url)
      .patch('/_emulator/config')
      .send({ delivery: { timeoutMs: 'x', faults: { drop: 2 } }, port: 1, payloadVersion: 'v9' })
      .expect(400);
    expect(res.body.code).toBe('INVALID_CONFIG');
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        'port: can only be set at start-up (flag, env var or config file)',
        'delivery.timeoutMs: expected a number, got "x"',
        expect.stringMatching(/^delivery\.faults\.drop: /),
        expect.stringMatching(/^payloadVersion: /),
      ]),
    );
    expect((await request(emu.url).get('/_emulator/config')).body).toEqual(before);
  });

  it('answers malformed JSON on the control API with a problem+json 400', async () => {
    const emu = await startForTest();
    const res = await request(emu.url).patch('/_emulator/config').set('Content-Type', 'application/json').send('{oops').expect(400);
    expect(res.body.code).toBe('INVALID_JSON');
  });

  it('says a JSON body that is not an object must be one', async () => {
    const emu = await startForTest();
    for (const body of ['null', '"x"', '3']) {
      const res = await request(emu.url).post('/_emulator/events').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_BODY', detail: `The request body must be a JSON object, got ${body}.` });
    }
  });

  it('POST /_emulator/reset removes subscriptions and restores the start configuration', async () => {
    const emu = await startForTest();
    await request(emu.url)
      .post('/apidata.php?action=subscribe_customer&api_key=sp_test_key')
      .send({ hookUrl: 'http://127.0.0.1:9/h', type_request: 'customer_created' })
      .expect(200);
    await request(emu.url).patch('/_emulator/config').send({ delivery: { timeoutMs: 1 } }).expect(200);
    await request(emu.url).post('/_emulator/reset').expect(200);
    expect((await request(emu.url).get('/_emulator/subscriptions')).body.subscriptions).toEqual([]);
    expect((await request(emu.url).get('/_emulator/config')).body.delivery.timeoutMs).toBe(5000);
  });

  it('GET /_emulator/subscriptions filters by apiKey, hookUrl and type', async () => {
    const emu = await startForTest();
    for (const [url, type] of [['http://127.0.0.1:9/a', 'customer_created'], ['http://127.0.0.1:9/b', 'project_sms_sent']]) {
      await request(emu.url).post('/apidata.php?action=subscribe_customer&api_key=sp_test_key').send({ hookUrl: url, type_request: type });
    }
    const byType = await request(emu.url).get('/_emulator/subscriptions?type=project_sms_sent');
    expect(byType.body.subscriptions.map((s: { hookUrl: string }) => s.hookUrl)).toEqual(['http://127.0.0.1:9/b']);
    const byUrl = await request(emu.url).get('/_emulator/subscriptions').query({ hookUrl: 'http://127.0.0.1:9/a' });
    expect(byUrl.body.subscriptions).toHaveLength(1);
  });
});
