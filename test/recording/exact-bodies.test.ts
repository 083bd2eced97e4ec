import { afterEach, describe, expect, it } from 'vitest';
import { deliveryViewSchema } from '../../src/contract/delivery-schemas.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function setUp(options: Parameters<typeof startForTest>[0] = {}) {
  const receiver = await startTestReceiver();
  receivers.push(receiver);
  const emu = await startForTest({ delivery: { retry: { schedule: [10] } }, ...options });
  await emu.subscribe(receiver.hookUrl('/hook'), 'project_sms_sent');
  const post = (body: unknown) => fetch(`${emu.url}/_emulator/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { receiver, emu, post };
}

const PHP_BODY = '[{"sms":"Hi Zo\\u00e9, your proposal: https:\\/\\/solarproof.com.au\\/p\\/849","project_id":"849"}]';

describe('exact bodies (POST /_emulator/events with body or rawBody)', () => {
  it('sends a rawBody byte for byte with its Content-Type, journals it as source raw, and moves no world', async () => {
    const { receiver, emu, post } = await setUp();
    const before = await emu.world.customers();
    const res = await post({ type: 'project_sms_sent', rawBody: PHP_BODY, contentType: 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { events: Array<{ id: string; payload: unknown }>; deliveries: string[] };
    expect(answer.events[0]!.payload).toEqual(JSON.parse(PHP_BODY));
    const [got] = await receiver.waitFor(1);
    expect([got!.rawBody, got!.headers['content-type']]).toEqual([PHP_BODY, 'application/json; charset=utf-8']);
    const [d] = await emu.deliveries.waitFor({ eventId: answer.events[0]!.id, state: 'delivered' });
    expect(deliveryViewSchema.parse(d).source).toBe('raw');
    expect(await emu.world.customers()).toEqual(before);
  });

  it('sends a body as its JSON, and a rawBody that is not JSON as it is (journalled as rawBody)', async () => {
    const { receiver, emu, post } = await setUp();
    expect((await post({ type: 'project_sms_sent', body: { b: 1, a: [true, null] } })).status).toBe(200);
    expect((await post({ type: 'project_sms_sent', rawBody: 'not json <at all>', contentType: 'text/plain' })).status).toBe(200);
    const got = await receiver.waitFor(2);
    expect(got.map((r) => [r.rawBody, r.headers['content-type']]).sort()).toEqual([
      ['not json <at all>', 'text/plain'],
      ['{"b":1,"a":[true,null]}', 'application/json'],
    ]);
    const all = await emu.deliveries.waitFor({ state: 'delivered' }, { min: 2 });
    expect(all.map((d) => d.rawBody ?? JSON.stringify(d.payload)).sort()).toEqual(['not json <at all>', '{"b":1,"a":[true,null]}']);
  });

  it('refuses mixed or malformed exact bodies with a 400 naming the field, and a rawBody over the body limit with a 413', async () => {
    const { emu, post } = await setUp({ api: { maxBodyBytes: 2048 } });
    const cases: Array<[unknown, string]> = [
      [{ type: 'project_sms_sent', rawBody: 42 }, '"rawBody" must be a string'],
      [{ type: 'project_sms_sent', body: [1], rawBody: 'x' }, 'Send "body" (a JSON payload) or "rawBody"'],
      [{ type: 'project_sms_sent', body: {}, count: 2 }, '"count" shapes a generated event'],
      [{ type: 'project_sms_sent', body: {}, contentType: 'text/plain' }, '"contentType" goes with "rawBody" only'],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      const problem = (await res.json()) as { code: string; detail: string };
      expect([res.status, problem.code, problem.detail], JSON.stringify(body)).toEqual([400, 'INVALID_BODY', expect.stringContaining(detail)]);
    }
    const big = await post({ type: 'project_sms_sent', rawBody: 'x'.repeat(4096) });
    expect([big.status, ((await big.json()) as { code: string }).code]).toEqual([413, 'BODY_TOO_LARGE']);
    // In process, a body that is not JSON is refused the same way.
    expect(() => emu.emulator.events.trigger({ type: 'project_sms_sent', body: undefined })).toThrow(/"body" must be a JSON value/);
    expect((await emu.deliveries.list()).length).toBe(0);
  });
});
