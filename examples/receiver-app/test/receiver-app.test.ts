// How a team tests its Solar Proof receiver with solarproof-mock: the emulator runs inside the
// test process, the app subscribes itself as in production, and each test makes Solar Proof
// misbehave in one specific way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from 'solarproof-mock';
import { createMemoryStore, type CustomerStore } from '../src/customer-store.js';
import { startReceiverApp } from '../src/main.js';

let emu: RunningEmulator;
let app: Awaited<ReturnType<typeof startReceiverApp>> | undefined;

beforeEach(async () => {
  // Short retry ladder so a retry shows up within milliseconds; fixed seed for reproducible data.
  emu = await startEmulator({ seed: 42, delivery: { retry: { schedule: [20, 40, 80] } } });
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await emu.close();
});

async function start(store?: CustomerStore) {
  app = await startReceiverApp({ solarproofUrl: emu.url, apiKey: emu.apiKey, token: 't0ken', store });
  return app;
}

describe('receiver-app against solarproof-mock', () => {
  it('subscribes its own hook URL on start', async () => {
    const { hookUrl } = await start();
    expect(await emu.subscriptions.list()).toEqual([expect.objectContaining({ hookUrl, type: 'customer_created' })]);
  });

  it('keeps trying to subscribe while Solar Proof answers 503', async () => {
    await emu.config.update({ api: { faults: { error503: 0.6 } } });
    const started = await start();
    expect(started.subscribeAttempts).toBeGreaterThan(1);
    expect(await emu.subscriptions.list()).toHaveLength(1);
  });

  it('stores a new customer', async () => {
    const { store } = await start();
    const { events } = await emu.trigger('customer_created');
    const payload = events[0]!.payload as { customer_id: number; customer_email: string };
    await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' });
    expect(await store.list()).toEqual([expect.objectContaining({ customerId: payload.customer_id, email: payload.customer_email })]);
  });

  it('stores a customer once when Solar Proof sends the webhook twice', async () => {
    const { store } = await start();
    await emu.config.update({ delivery: { faults: { duplicate: 1 } } });
    const { events } = await emu.trigger('customer_created', { count: 3 });
    await emu.deliveries.waitFor({ state: 'delivered' }, { min: 3 });
    const rows = await store.list();
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.customerId).sort()).toEqual(events.map((e) => (e.payload as { customer_id: number }).customer_id).sort());
    // Each customer arrived twice and is stored once.
    await expect.poll(async () => (await store.list()).every((r) => r.timesSeen === 2)).toBe(true);
  });

  it('gets the customer on a retry after its database failed once', async () => {
    const memory = createMemoryStore();
    let failures = 1;
    const flaky: CustomerStore = {
      upsert: async (c) => {
        if (failures-- > 0) throw new Error('database unavailable');
        return memory.upsert(c);
      },
      list: () => memory.list(),
    };
    await start(flaky);
    const { events } = await emu.trigger('customer_created');
    const [delivery] = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(await memory.list()).toHaveLength(1);
  });

  it('survives a timeout: the slow first attempt and the retry store one customer', async () => {
    const memory = createMemoryStore();
    let slowOnce = true;
    const slow: CustomerStore = {
      upsert: async (c) => {
        if (slowOnce) {
          slowOnce = false;
          await new Promise((r) => setTimeout(r, 400));
        }
        return memory.upsert(c);
      },
      list: () => memory.list(),
    };
    await start(slow);
    await emu.config.update({ delivery: { timeoutMs: 150 } });
    const { events } = await emu.trigger('customer_created');
    const [delivery] = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' });
    expect(delivery!.attempts[0]!.outcome).toBe('timeout');
    await expect.poll(async () => (await memory.list())[0]?.timesSeen).toBe(2);
    expect(await memory.list()).toHaveLength(1);
  });

  it('answers 400 to a malformed body and stores the customer from the next attempt', async () => {
    const { store, hookUrl } = await start();
    await emu.config.update({ delivery: { faults: { scripted: [{ hookUrl, outcomes: ['malformedJson', 'normal'] }] } } });
    const { events } = await emu.trigger('customer_created');
    const [delivery] = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([400, 200]);
    expect(await store.list()).toHaveLength(1);
  });

  it('ignores a request without the right token', async () => {
    const { url, store } = await start();
    const res = await fetch(`${url}/hooks/customer-created?token=wrong`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await store.list()).toEqual([]);
  });
});
