import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { Attempt, Delivery } from './delivery-domain.js';
import { DeliveryJournal } from './delivery-journal.js';
import { plainDelivery } from './delivery-view.js';
import { AttemptRecord, DeliveryRecord, readDelivery, share } from './journal-records.js';

const event = { id: 'evt_1', type: 'customer_created' as const, apiKey: 'k', body: '{"a":1}' };
const fresh = (id = 'dlv_1', createdAt = 1000, redeliveryOf?: string) =>
  DeliveryRecord.from({ id, event, hookUrl: 'http://h/', apiKey: 'k', subscriptionId: 'sub_1', createdAt, redeliveryOf });
const a1: Attempt = { number: 1, startedAt: 1500, durationMs: 3, outcome: 'http_error', status: 503, responseBody: 'busy', fault: 'duplicate', latencyMs: 20 };
const a2: Attempt = { number: 2, startedAt: 2500, durationMs: 3, outcome: 'success', status: 200, responseBody: 'OK' };
const a3: Attempt = { number: 3, startedAt: 3500, durationMs: 1, outcome: 'timeout' };

describe('DeliveryRecord and AttemptRecord (the compact journal records)', () => {
  it('give back exactly the times stored: near now, fractional, far away, zero', () => {
    for (const at of [Date.now(), Date.now() + 0.25, Date.parse('2026-03-02T10:15:01.118Z'), 0, 0.3, 1e15, -5, Date.now() + 40 * 86_400_000]) {
      const d = fresh('dlv_1', at);
      expect(d.createdAt).toBe(at);
      d.scheduleNext(at);
      expect(d.nextAttemptAt).toBe(at);
      expect(AttemptRecord.from({ number: 1, startedAt: at, durationMs: 0, outcome: 'success', status: 200, responseBody: '' }).startedAt).toBe(at);
      d.settle('delivered', at, undefined);
      expect([d.settledAt, d.nextAttemptAt]).toEqual([at, undefined]);
    }
  });

  it('have one shape whatever is set, and read as plain deliveries', () => {
    const d = fresh('dlv_1', 1000, 'dlv_0');
    const other = fresh('dlv_2');
    expect(d.attempts).toEqual([]);
    d.scheduleNext(2000);
    d.addAttempt(a1);
    expect(readDelivery(d).attempts).toEqual([a1]);
    d.addAttempt(a2);
    expect(readDelivery(d).attempts).toEqual([a1, a2]);
    d.settle('delivered', 3000, undefined);
    expect([d.settledAt, d.nextAttemptAt]).toEqual([3000, undefined]);
    expect(Object.keys(d)).toEqual(Object.keys(other));
    const [r1, r2] = d.attempts as AttemptRecord[];
    expect(Object.keys(r1!)).toEqual(Object.keys(r2!));
    expect([r1!.fault, r1!.latencyMs, r1!.error, r2!.fault]).toEqual(['duplicate', 20, undefined, undefined]);
    const plain: Delivery = plainDelivery(readDelivery(d));
    expect(JSON.stringify(plain)).toBe(
      '{"id":"dlv_1","event":{"id":"evt_1","type":"customer_created","apiKey":"k","body":"{\\"a\\":1}"},"hookUrl":"http://h/","apiKey":"k","subscriptionId":"sub_1","state":"delivered",' +
        '"attempts":[{"number":1,"startedAt":1500,"durationMs":3,"outcome":"http_error","status":503,"responseBody":"busy","fault":"duplicate","latencyMs":20},' +
        '{"number":2,"startedAt":2500,"durationMs":3,"outcome":"success","status":200,"responseBody":"OK"}],"createdAt":1000,"redeliveryOf":"dlv_0","settledAt":3000}',
    );
    expect(JSON.stringify(readDelivery(d))).toBe(JSON.stringify(plain));
    expect(JSON.stringify(plainDelivery(readDelivery(DeliveryRecord.from(plain))))).toBe(JSON.stringify(plain));
  });

  it('keep a saved delivery whole whatever the order of its fields', () => {
    // A record used to take settledAt only once its state was no longer pending (and nextAttemptAt
    // only while pending), so a settlement time written before the state was dropped.
    const settledFirst = { settledAt: 3000, cancelReason: 'reset', state: 'cancelled', attempts: [a1], id: 'dlv_1', event, hookUrl: 'http://h/', apiKey: 'k', subscriptionId: 'sub_1', createdAt: 1000 } as const;
    expect(readDelivery(DeliveryRecord.from(settledFirst))).toMatchObject({ state: 'cancelled', settledAt: 3000, cancelReason: 'reset', attempts: [a1] });
    const pending = DeliveryRecord.from({ ...settledFirst, state: 'pending', settledAt: undefined, cancelReason: undefined, nextAttemptAt: 4000 });
    expect([pending.nextAttemptAt, pending.settledAt]).toEqual([4000, undefined]);
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

describe('the journal loses no write', () => {
  const journal = () => {
    const j = new DeliveryJournal(() => 100, new ManualClock());
    j.add({ id: 'dlv_1', event, hookUrl: 'http://h/', apiKey: 'k', subscriptionId: 'sub_1', createdAt: 1000 });
    return j;
  };

  it('keeps every attempt added to a delivery with 0, 1 or more attempts', () => {
    const j = journal();
    j.addAttempt('dlv_1', a1);
    expect(j.get('dlv_1')!.attempts).toEqual([a1]);
    j.addAttempt('dlv_1', a2);
    expect(j.get('dlv_1')!.attempts).toEqual([a1, a2]);
    j.addAttempt('dlv_1', a3);
    expect(j.get('dlv_1')!.attempts).toEqual([a1, a2, a3]);
  });

  it('refuses a push on the attempts it hands out (0 or 1 of them), rather than dropping it', () => {
    const j = journal();
    for (const count of [0, 1]) {
      const d = j.get('dlv_1')!;
      expect(d.attempts).toHaveLength(count);
      // @ts-expect-error attempts are read-only: an attempt is added with journal.addAttempt
      expect(() => d.attempts.push(a3)).toThrow(TypeError);
      expect(j.get('dlv_1')!.attempts).toHaveLength(count);
      j.addAttempt('dlv_1', count === 0 ? a1 : a2);
    }
  });

  it('refuses writes to the fields it hands out, whatever their order, rather than ignoring them', () => {
    const j = journal();
    const pending = j.get('dlv_1')!;
    // Written before the state, this settlement time used to be dropped without a word.
    // @ts-expect-error a delivery is settled with journal.settle
    expect(() => (pending.settledAt = 3000)).toThrow(TypeError);
    // @ts-expect-error a delivery is settled with journal.settle
    expect(() => (pending.state = 'delivered')).toThrow(TypeError);
    j.scheduleNext('dlv_1', 2000);
    j.settle('dlv_1', 'delivered', 3000);
    expect(j.get('dlv_1')).toMatchObject({ state: 'delivered', settledAt: 3000 });
    expect(j.get('dlv_1')!.nextAttemptAt).toBeUndefined();
  });

  it('says so when a write cannot apply: a next attempt for a settled delivery, a second settlement, an unknown id', () => {
    const j = journal();
    j.settle('dlv_1', 'failed', 3000);
    expect(() => j.scheduleNext('dlv_1', 4000)).toThrow('dlv_1 is failed: a settled delivery has no next attempt');
    expect(() => j.settle('dlv_1', 'delivered', 4000)).toThrow('dlv_1 is already failed');
    expect(() => j.addAttempt('dlv_9', a1)).toThrow('no delivery dlv_9 in the journal');
    expect(j.get('dlv_1')).toMatchObject({ state: 'failed', settledAt: 3000 });
  });
});
