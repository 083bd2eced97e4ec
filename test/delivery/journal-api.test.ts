import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../src/delivery/delivery.js';
import { SEED, startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness;
let base: string;
afterEach(async () => h?.close());

async function start(config: Parameters<typeof startDeliveryHarness>[0] = {}) {
  h = await startDeliveryHarness(config);
  base = `${await h.emu.listen()}/_emulator`;
}
const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const post = async (path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const subscribe = (hookUrl: string, type = 'customer_created') =>
  fetch(`${base.replace('/_emulator', '')}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hookUrl, type_request: type }),
  });

describe(`journal over the control API (seed ${SEED})`, () => {
  it('triggers through POST /_emulator/events and shows each delivery with its payload and attempts', async () => {
    await start();
    await subscribe(h.receiver.hookUrl('/e2e'));
    const { status, body } = await post('/events', { type: 'customer_created', count: 2 });
    expect(status).toBe(200);
    const events = body.events as Array<{ id: string; payload: unknown }>;
    expect(body.deliveries).toEqual(['dlv_1', 'dlv_2']);
    const requests = await h.receiver.waitFor(2);
    expect(requests.map((r) => r.json)).toEqual(events.map((e) => e.payload));
    await h.emu.delivery.waitFor({ state: ['delivered'] }, 2, 5000);
    const d = (await get('/deliveries/dlv_1')).body as unknown as DeliveryView;
    expect(d).toMatchObject({ id: 'dlv_1', eventId: events[0]!.id, type: 'customer_created', hookUrl: h.receiver.hookUrl('/e2e'), apiKey: 'sp_test_key', state: 'delivered', payload: events[0]!.payload });
    expect(d.attempts[0]).toMatchObject({ number: 1, outcome: 'success', status: 200 });
    expect(Date.parse(d.attempts[0]!.startedAt)).not.toBeNaN();
  });

  it('long-polls: answers at once when enough match, when they do, or with what it has at the timeout', async () => {
    await start({ delivery: { retry: { schedule: [150] } } });
    h.subscribe('/hook');
    h.receiver.script('/hook', [{ status: 500 }]);
    const [id] = h.send();
    const t0 = Date.now();
    const early = await get(`/deliveries?state=pending&wait=5000&min=1`);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((early.body.deliveries as unknown[]).length).toBe(1);
    const held = await get(`/deliveries?state=delivered&id=${id}&wait=5000&min=1`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(held.body).toMatchObject({ total: 1, timedOut: false });
    const t1 = Date.now();
    const late = await get(`/deliveries?state=failed,dropped&wait=200&min=1`);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(190);
    expect(late.body).toMatchObject({ deliveries: [], total: 0, timedOut: true });
  });

  it('filters by type, hookUrl, state and eventId, with limit and order', async () => {
    await start();
    const a = h.subscribe('/a?token=1,2');
    h.subscribe('/b', 'project_sms_sent');
    h.send('customer_created');
    h.send('customer_created');
    h.send('project_sms_sent');
    await h.emu.delivery.waitFor({ state: ['delivered'] }, 3, 5000);
    const ids = async (q: string) => ((await get(`/deliveries?${q}`)).body.deliveries as DeliveryView[]).map((d) => d.id);
    expect(await ids(`hookUrl=${encodeURIComponent(a)}`)).toEqual(['dlv_1', 'dlv_2']);
    expect(await ids('type=project_sms_sent')).toEqual(['dlv_3']);
    expect(await ids('eventId=evt_t2')).toEqual(['dlv_2']);
    expect(await ids('state=delivered&limit=2&order=desc')).toEqual(['dlv_3', 'dlv_2']);
    expect(await ids('state=failed')).toEqual([]);
    const bad = await get('/deliveries?state=done&limit=x');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_QUERY');
    expect(String(bad.body.detail)).toContain('Known states: pending, delivered, failed, dropped, cancelled');
  });

  it('redelivers as a new delivery of the same payload, and 404s an unknown id', async () => {
    await start();
    h.subscribe('/hook');
    h.send('customer_created', { n: 1 });
    await h.receiver.waitFor(1);
    const again = await post('/deliveries/dlv_1/redeliver');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: 'dlv_2', redeliveryOf: 'dlv_1', eventId: 'evt_t1', state: 'pending' });
    const requests = await h.receiver.waitFor(2);
    expect(requests[1]!.rawBody).toBe(requests[0]!.rawBody);
    const missing = await post('/deliveries/dlv_99/redeliver');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('DELIVERY_NOT_FOUND');
  });

  it('counts deliveries by state in /stats and evicts the oldest settled past the journal cap', async () => {
    await start({ delivery: { journal: { maxDeliveries: 5 }, faults: { drop: 0.5 }, retry: { schedule: [] } } });
    h.subscribe('/hook');
    for (let i = 0; i < 12; i++) h.send();
    await expect.poll(async () => (await get('/stats')).body.pending, { timeout: 5000 }).toBe(0);
    const stats = (await get('/stats')).body as { total: number; delivered: number; dropped: number; journal: { size: number; evicted: number } };
    expect(stats.total).toBe(12);
    expect(stats.delivered + stats.dropped).toBe(12);
    expect(stats.delivered).toBe(h.receiver.requests.length);
    expect(stats.journal).toMatchObject({ size: 5, evicted: 7 });
    expect((await get('/deliveries')).body.total).toBe(5);
  });

  it('cancels pending deliveries when the hook URL is unsubscribed, and on reset', async () => {
    await start({ delivery: { retry: { schedule: [60_000] } } });
    h.subscribe('/hook');
    h.receiver.setDefault({ status: 500 });
    h.send();
    h.send();
    await h.emu.delivery.waitFor({ state: ['pending'] }, 2, 5000);
    await h.receiver.waitFor(2);
    await fetch(`${base.replace('/_emulator', '')}/apidata.php?action=unsubscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: h.receiver.hookUrl('/hook') }),
    });
    const cancelled = (await get('/deliveries?state=cancelled')).body.deliveries as DeliveryView[];
    expect(cancelled.map((d) => d.cancelReason)).toEqual(['unsubscribed', 'unsubscribed']);
    h.subscribe('/hook');
    h.send();
    await post('/reset');
    expect((await get('/stats')).body).toMatchObject({ total: 0, pending: 0 });
  });

  it('streams delivery changes as Server-Sent Events', async () => {
    await start();
    h.subscribe('/hook');
    const res = await fetch(`${base}/stream?state=delivered`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    h.send('customer_created', { n: 1 });
    while (!text.includes('"change":"settled"')) text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    const message = text.split('\n\n').find((m) => m.includes('event: delivery'))!;
    expect(message).toMatch(/^event: delivery\nid: 1\ndata: /);
    const data = JSON.parse(message.split('data: ')[1]!) as { change: string; delivery: DeliveryView };
    expect(data.change).toBe('settled');
    expect(data.delivery).toMatchObject({ id: 'dlv_1', state: 'delivered' });
    expect(data.delivery.payload).toBeUndefined();
  });
});
