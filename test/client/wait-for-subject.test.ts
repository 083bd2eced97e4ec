import { describe, expect, it } from 'vitest';
import { WaitForTimeoutError } from '../../src/index.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

describe('deliveries.waitFor by customer or project, and with nothing subscribed', () => {
  it('waits for the deliveries whose payload names the customer (v2 and v1) or the project', async () => {
    for (const payloadVersion of ['v2', 'v1'] as const) {
      const emu = await startForTest({ seed: 3, payloadVersion });
      const receiver = await startTestReceiver();
      try {
        await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
        await emu.subscribe(receiver.hookUrl('/hook'), 'project_sms_sent');
        const created = await emu.trigger('customer_created', { count: 3 });
        const ids = created.events.map((e) => {
          const p = (Array.isArray(e.payload) ? e.payload[0] : e.payload) as Record<string, unknown>;
          return p.customer_id ?? p.pkcustomerid;
        });
        const second = ids[1] as number;
        const found = await emu.deliveries.waitFor({ customerId: second, state: 'delivered' }, { timeoutMs: 10_000 });
        expect(found.map((d) => d.eventId)).toEqual([created.events[1]!.id]);

        const sms = await emu.trigger('project_sms_sent');
        const p = (Array.isArray(sms.events[0]!.payload) ? sms.events[0]!.payload[0] : sms.events[0]!.payload) as Record<string, unknown>;
        const projectId = (p.project_id ?? p.pkcustomerquotationid) as number;
        const byProject = await emu.deliveries.waitFor({ projectId, type: 'project_sms_sent' }, { timeoutMs: 10_000 });
        expect(byProject.map((d) => d.eventId)).toEqual([sms.events[0]!.id]);
      } finally {
        await receiver.close();
      }
    }
  });

  it('fails fast when the customer has no delivery that can still reach the state', async () => {
    const emu = await startForTest({ seed: 3, delivery: { retry: { schedule: [] } } });
    await emu.subscribe('http://127.0.0.1:9/refused', 'customer_created');
    const { events } = await emu.trigger('customer_created');
    const customerId = (events[0]!.payload as { customer_id: number }).customer_id;
    const started = Date.now();
    const error = await emu.deliveries.waitFor({ customerId, state: 'delivered' }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as WaitForTimeoutError).settled).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('stops at once, saying so, when nothing is subscribed to the type', async () => {
    const emu = await startForTest({ seed: 3 });
    await emu.trigger('customer_created');
    const started = Date.now();
    const error = await emu.deliveries.waitFor({ type: 'customer_created', state: 'delivered' }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toContain('Nothing is subscribed to "customer_created"');
    expect(Date.now() - started).toBeLessThan(30_000);
    // failFast: false still waits (for a subscription made later).
    const patient = emu.deliveries.waitFor({ type: 'customer_created' }, { timeoutMs: 300, failFast: false }).catch((e: unknown) => e);
    expect(((await patient) as Error).message).toContain('Timed out after 300 ms');
  });
});
