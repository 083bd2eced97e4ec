import { describe, expect, it } from 'vitest';
import { EmulatorApiError } from '../../src/client/emulator-api-error.js';
import { startForTest } from '../support/start.js';

/** Deliveries that stay pending: every attempt waits a minute first. */
const held = {
  delivery: { maxPending: 5, latency: { distribution: 'fixed' as const, ms: 60_000 }, retry: { schedule: [] } },
  subscriptions: [1, 2, 3].map((n) => ({ hookUrl: `http://127.0.0.1:9/hook-${n}`, types: ['customer_created' as const] })),
};

async function refusal(p: Promise<unknown>): Promise<EmulatorApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmulatorApiError);
  return err as EmulatorApiError;
}

describe('back-pressure: delivery.maxPending', () => {
  it('refuses a fan-out that would pass the cap whole, with 429 TOO_MANY_PENDING, and creates nothing', async () => {
    const emu = await startForTest(held);
    const first = await emu.trigger('customer_created');
    expect(first.deliveries).toHaveLength(3);

    const res = await fetch(`${emu.url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('1');
    const problem = (await res.json()) as { code: string; detail: string; pending: number; requested: number; maxPending: number };
    expect(problem).toMatchObject({ code: 'TOO_MANY_PENDING', pending: 3, requested: 3, maxPending: 5 });
    expect(problem.detail).toContain('delivery.maxPending (5)');
    expect(problem.detail).toContain('1 customer_created event x 3 matching subscriptions');

    // A count that would fit one event at a time is still refused whole.
    await emu.config.update({ delivery: { maxPending: 7 } });
    const err = await refusal(emu.trigger('customer_created', { count: 2 }));
    expect(err.status).toBe(429);

    // Nothing was made: the journal holds the first three, and the next event is evt_2.
    expect((await emu.deliveries.list()).length).toBe(3);
    expect((await emu.stats()).total).toBe(3);
    await emu.config.update({ delivery: { maxPending: 100 } });
    const next = await emu.trigger('customer_created');
    expect(next.events[0]!.id).toBe('evt_2');
    expect(next.deliveries).toEqual(['dlv_4', 'dlv_5', 'dlv_6']);
  });

  it('answers createcustomer at the cap as an overloaded Solar Proof would: 503 with Retry-After, nothing created, and it succeeds once there is room', async () => {
    const emu = await startForTest({ ...held, delivery: { ...held.delivery, maxPending: 3 } });
    await emu.trigger('customer_created');
    const before = (await (await fetch(`${emu.url}/_emulator/world/customers`)).json()) as { total: number };
    const create = () =>
      fetch(`${emu.url}/apidata.php?action=createcustomer&api_key=sp_test_key`, {
        method: 'POST',
        body: JSON.stringify({ data: { firstname: 'Judy', surname: 'Matherson', email: 'judy@example.com', phone1: '0411549054', type: 'RESIDENTIAL' } }),
      });
    const res = await create();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({ code: 'UNKNOWN', message: 'Service temporarily unavailable' });
    const after = (await (await fetch(`${emu.url}/_emulator/world/customers`)).json()) as { total: number };
    expect(after.total).toBe(before.total);
    await emu.config.update({ delivery: { maxPending: 100 } });
    expect((await create()).status).toBe(200);
  });

  it('an event nobody subscribed to is never refused (it makes no delivery)', async () => {
    const emu = await startForTest({ ...held, delivery: { ...held.delivery, maxPending: 1 } });
    await refusal(emu.trigger('customer_created'));
    const other = await emu.trigger('customer_status_change');
    expect(other.deliveries).toEqual([]);
  });

  it('refuses a redeliver past the cap', async () => {
    const emu = await startForTest({ ...held, delivery: { ...held.delivery, maxPending: 3 } });
    await emu.trigger('customer_created');
    const err = await refusal(emu.deliveries.redeliver('dlv_1'));
    expect(err.status).toBe(429);
    expect(err.code).toBe('TOO_MANY_PENDING');
    expect((await emu.stats()).total).toBe(3);
  });

  it('a schedule skips its ticks while over the cap and counts them', async () => {
    const emu = await startForTest({ ...held, delivery: { ...held.delivery, maxPending: 3 } });
    await emu.trigger('customer_created');
    const schedule = await emu.schedules.create({ type: 'customer_created', everyMs: 100 });
    const deadline = Date.now() + 30_000;
    let view = await emu.schedules.get(schedule.id);
    while (view.skipped < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      view = await emu.schedules.get(schedule.id);
    }
    expect(view.skipped).toBeGreaterThanOrEqual(3);
    expect(view).toMatchObject({ emitted: 0, errors: 0, lastError: null });
    expect((await emu.stats()).total).toBe(3);
  });
});
