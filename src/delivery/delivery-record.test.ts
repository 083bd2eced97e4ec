import { describe, expect, it } from 'vitest';
import { AttemptRecord, DeliveryRecord, plainDelivery, share, withAttempt, type Delivery } from './delivery.js';

const event = { id: 'evt_1', type: 'customer_created' as const, apiKey: 'k', body: '{"a":1}' };

describe('DeliveryRecord and AttemptRecord (the compact journal records)', () => {
  it('give back exactly the times stored: near now, fractional, far away, zero', () => {
    for (const at of [Date.now(), Date.now() + 0.25, Date.parse('2026-03-02T10:15:01.118Z'), 0, 0.3, 1e15, -5, Date.now() + 40 * 86_400_000]) {
      const d = new DeliveryRecord('dlv_1', event, 'http://h/', 'k', 'sub_1', at, undefined);
      expect(d.createdAt).toBe(at);
      d.nextAttemptAt = at;
      expect(d.nextAttemptAt).toBe(at);
      expect(new AttemptRecord(1, at, 0, 'success', 200, undefined, '', undefined, undefined).startedAt).toBe(at);
    }
  });

  it('have one shape whatever is set, and read like plain deliveries', () => {
    const d = new DeliveryRecord('dlv_1', event, 'http://h/', 'k', 'sub_1', 1000, 'dlv_0');
    const fresh = new DeliveryRecord('dlv_2', event, 'http://h/', 'k', 'sub_1', 1000, undefined);
    expect(d.attempts).toEqual([]);
    d.nextAttemptAt = 2000;
    const a1 = new AttemptRecord(1, 1500, 3, 'http_error', 503, undefined, 'busy', 'duplicate', 20);
    const a2 = new AttemptRecord(2, 2500, 3, 'success', 200, undefined, 'OK', undefined, undefined);
    d.attempts = withAttempt(d.attempts, a1);
    expect(d.attempts).toEqual([a1]);
    d.attempts = withAttempt(d.attempts, a2);
    expect(d.attempts).toEqual([a1, a2]);
    d.state = 'delivered';
    d.settledAt = 3000;
    d.nextAttemptAt = undefined;
    expect([d.settledAt, d.nextAttemptAt]).toEqual([3000, undefined]);
    expect(Object.keys(d)).toEqual(Object.keys(fresh));
    expect(Object.keys(a1)).toEqual(Object.keys(a2));
    expect([a1.fault, a1.latencyMs, a1.error, a2.fault]).toEqual(['duplicate', 20, undefined, undefined]);
    const plain: Delivery = plainDelivery(d);
    expect(JSON.stringify(plain)).toBe(
      '{"id":"dlv_1","event":{"id":"evt_1","type":"customer_created","apiKey":"k","body":"{\\"a\\":1}"},"hookUrl":"http://h/","apiKey":"k","subscriptionId":"sub_1","state":"delivered",' +
        '"attempts":[{"number":1,"startedAt":1500,"durationMs":3,"outcome":"http_error","status":503,"responseBody":"busy","fault":"duplicate","latencyMs":20},' +
        '{"number":2,"startedAt":2500,"durationMs":3,"outcome":"success","status":200,"responseBody":"OK"}],"createdAt":1000,"redeliveryOf":"dlv_0","settledAt":3000}',
    );
    expect(JSON.stringify(plainDelivery(DeliveryRecord.from(plain)))).toBe(JSON.stringify(plain));
  });

  it('share one copy of a short recurring string', () => {
    const a = Buffer.from('{"ok":true}').toString();
    const b = Buffer.from('{"ok":true}').toString();
    expect(share(a)).toBe(share(b));
    expect(share(undefined)).toBeUndefined();
    const long = 'x'.repeat(300);
    expect(share(long)).toBe(long);
  });
});
