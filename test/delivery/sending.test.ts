import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness;
afterEach(async () => h?.close());

describe('sending', () => {
  it('POSTs the payload as JSON to every subscribed hook URL exactly as subscribed, and records delivered', async () => {
    h = await startDeliveryHarness();
    const a = h.subscribe('/a?token=s3cr%2Ft&x=1');
    h.subscribe('/b', 'customer_created');
    h.subscribe('/other-type', 'project_sms_sent');
    const payload = { customer_id: 7, customer_name: 'Ana Müller' };
    const ids = h.emu.delivery.deliver(h.event('customer_created', payload));
    expect(ids).toEqual(['dlv_1', 'dlv_2']);
    const requests = await h.receiver.waitFor(2);
    const toA = requests.find((r) => r.path === '/a')!;
    expect(toA.method).toBe('POST');
    expect(toA.url).toBe('/a?token=s3cr%2Ft&x=1');
    expect(toA.rawBody).toBe(JSON.stringify(payload));
    expect(toA.headers['content-type']).toBe('application/json');
    expect(toA.headers['user-agent']).toBe(`solarproof-mock/${VERSION}`);
    expect(toA.headers['accept-encoding']).toBeUndefined();
    const { deliveries } = await h.emu.delivery.waitFor({ state: ['delivered'] }, 2, 5000);
    const d = deliveries.find((x) => x.hookUrl === a)!;
    expect(d.state).toBe('delivered');
    expect(d.attempts).toHaveLength(1);
    expect(d.attempts[0]).toMatchObject({ number: 1, outcome: 'success', status: 200, responseBody: '{"ok":true}' });
    expect(h.receiver.requestsTo('/other-type')).toHaveLength(0);
  });

  it('makes no delivery for an event of another account', async () => {
    h = await startDeliveryHarness();
    h.subscribe('/hook');
    const ids = h.emu.delivery.deliver(h.event('customer_created', { a: 1 }, 'someone_else'));
    expect(ids).toEqual([]);
  });
});
