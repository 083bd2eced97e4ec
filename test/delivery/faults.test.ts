import { afterEach, describe, expect, it } from 'vitest';
import type { FaultName } from '../../src/config/delivery-config.js';
import { SEED, startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness;
afterEach(async () => h?.close());

const payload = { customer_id: 42, customer_name: 'Ana Müller', notes: 'x'.repeat(200) };
const body = JSON.stringify(payload);

/** Every attempt gets `fault`; no retries, so one attempt per delivery. */
async function withFault(fault: FaultName, extra: Record<string, unknown> = {}) {
  h = await startDeliveryHarness({ delivery: { retry: { schedule: [] }, faults: { [fault]: 1, ...extra } } });
  h.subscribe('/hook');
  const [id] = h.send('customer_created', payload);
  return id!;
}
const settled = async (id: string) =>
  (await h.emu.delivery.waitFor({ id: [id], state: ['delivered', 'failed', 'dropped', 'cancelled'] }, 1, 5000)).deliveries[0]!;

describe(`faults (seed ${SEED})`, () => {
  it('drop: nothing is sent and the delivery is dropped', async () => {
    const id = await withFault('drop');
    const d = await settled(id);
    expect(d.state).toBe('dropped');
    expect(d.attempts).toMatchObject([{ number: 1, outcome: 'injected_drop', fault: 'drop' }]);
    // A second delivery without the fault does arrive, and it is the only request the receiver got:
    // the dropped one (settled before it was sent) never reached the wire.
    expect(h.emu.config.update({ delivery: { faults: { drop: 0 } } }).ok).toBe(true);
    const [second] = h.send('customer_created', { marker: 'second' });
    expect((await settled(second!)).state).toBe('delivered');
    const arrived = await h.receiver.waitFor(1);
    expect(arrived.map((r) => r.json)).toEqual([{ marker: 'second' }]);
    expect(h.receiver.requests).toHaveLength(1);
  });

  it('duplicate: the same body arrives twice', async () => {
    const id = await withFault('duplicate');
    const requests = await h.receiver.waitFor(2);
    expect(requests.map((r) => r.rawBody)).toEqual([body, body]);
    expect((await settled(id)).state).toBe('delivered');
  });

  it('reorder: held back within the window, so deliveries arrive out of order', async () => {
    h = await startDeliveryHarness({ delivery: { faults: { reorder: 1, reorderWindowMs: 300 } } });
    h.subscribe('/hook');
    for (let i = 1; i <= 20; i++) h.send('customer_created', { n: i });
    const requests = await h.receiver.waitFor(20);
    await h.emu.delivery.waitFor({ state: ['delivered'] }, 20, 5000);
    const order = requests.map((r) => (r.json as { n: number }).n);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(20);
    const { deliveries } = h.emu.delivery.query({});
    expect(deliveries.every((d) => d.attempts[0]!.fault === 'reorder' && d.attempts[0]!.latencyMs! <= 300)).toBe(true);
  });

  it('abort: the connection is cut mid-body; the receiver sees half a request', async () => {
    const id = await withFault('abort');
    const d = await settled(id);
    expect(d.state).toBe('failed');
    expect(d.attempts[0]).toMatchObject({ outcome: 'injected_abort', fault: 'abort' });
    await expect.poll(() => h.receiver.incomplete.length).toBe(1);
    expect(body.startsWith(h.receiver.incomplete[0]!.rawBody)).toBe(true);
    expect(h.receiver.incomplete[0]!.rawBody.length).toBeLessThan(body.length);
    expect(h.receiver.requests).toHaveLength(0);
  });

  it('truncate: a complete request whose JSON is cut off', async () => {
    await withFault('truncate');
    const [r] = await h.receiver.waitFor(1);
    expect(body.startsWith(r!.rawBody)).toBe(true);
    expect(r!.rawBody.length).toBe(Math.ceil(body.length / 2));
    expect(r!.jsonError).toBeDefined();
  });

  it('malformedJson: the receiver gets invalid JSON (and its 200 still counts as delivered)', async () => {
    const id = await withFault('malformedJson');
    const [r] = await h.receiver.waitFor(1);
    expect(r!.jsonError).toBeDefined();
    expect(r!.rawBody.endsWith(',}')).toBe(true);
    expect((await settled(id)).attempts[0]).toMatchObject({ outcome: 'success', fault: 'malformedJson' });
  });

  it('wrongContentType: the JSON body is labelled text/plain', async () => {
    await withFault('wrongContentType');
    const [r] = await h.receiver.waitFor(1);
    expect(r!.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r!.json).toEqual(payload);
  });

  it('slowBody: the body is dribbled over slowBodyMs', async () => {
    const id = await withFault('slowBody', { slowBodyMs: 300 });
    const [r] = await h.receiver.waitFor(1);
    expect(r!.receivedAt - r!.startedAt).toBeGreaterThanOrEqual(250);
    expect(r!.json).toEqual(payload);
    expect((await settled(id)).attempts[0]!.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('per-type probabilities replace the global ones for that type only', async () => {
    h = await startDeliveryHarness({ delivery: { faults: { drop: 1, byType: { project_sms_sent: { drop: 0 } } } } });
    h.subscribe('/a', 'customer_created');
    h.subscribe('/b', 'project_sms_sent');
    h.send('customer_created');
    h.send('project_sms_sent');
    const { deliveries } = await h.emu.delivery.waitFor({ state: ['delivered', 'dropped'] }, 2, 5000);
    expect(Object.fromEntries(deliveries.map((d) => [d.event.type, d.state]))).toEqual({
      customer_created: 'dropped',
      project_sms_sent: 'delivered',
    });
  });
});

describe('scripted outcomes', () => {
  it('applies a script by attempt number: malformed JSON, then drop, then normal', async () => {
    h = await startDeliveryHarness({ delivery: { retry: { schedule: [20, 20, 20] } } });
    const hookUrl = h.subscribe('/strict');
    h.emu.config.update({ delivery: { faults: { scripted: [{ hookUrl, outcomes: ['malformedJson', 'drop', 'normal'] }] } } });
    // A receiver that validates its input, as it should.
    h.receiver.script('/strict', (r) => (r.json === undefined ? { status: 400, body: 'bad json' } : { status: 200 }));
    const [id] = h.send('customer_created', payload);
    const d = await settled(id!);
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((a) => [a.number, a.outcome, a.fault])).toEqual([
      [1, 'http_error', 'malformedJson'],
      [2, 'injected_drop', 'drop'],
      [3, 'success', undefined],
    ]);
    expect(h.receiver.requests.map((r) => r.jsonError === undefined)).toEqual([false, true]);
  });

  it('scripts only the subscription it names', async () => {
    h = await startDeliveryHarness({ delivery: { retry: { schedule: [] } } });
    h.subscribe('/a');
    h.subscribe('/b');
    const sub = h.emu.subscriptions.list().find((s) => s.hookUrl.endsWith('/b'))!;
    h.emu.config.update({ delivery: { faults: { scripted: [{ subscriptionId: sub.id, outcomes: ['drop'] }] } } });
    h.send();
    const { deliveries } = await h.emu.delivery.waitFor({ state: ['delivered', 'dropped'] }, 2, 5000);
    expect(deliveries.map((d) => [d.hookUrl.slice(-2), d.state]).sort()).toEqual([
      ['/a', 'delivered'],
      ['/b', 'dropped'],
    ]);
  });
});
