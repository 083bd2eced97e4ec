import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { WaitForTimeoutError } from '../../src/client/emulator-api-error.js';
import type { MergePatch } from '../../src/client/create-client.js';
import type { ConfigInput } from '../../src/config/config-schema.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

/** A port nothing listens on (bound, then closed), so attempts there are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('config.update is a JSON merge patch', () => {
  it('null removes a key so its default applies again, at any depth', async () => {
    const emu = await startForTest();
    expect((await emu.config.update({ timeScale: 2, delivery: { timeoutMs: 100, retry: { schedule: [5] } } })).delivery.timeoutMs).toBe(100);
    const back = await emu.config.update({ timeScale: null, delivery: { timeoutMs: null } });
    expect(back.timeScale).toBe(1);
    expect(back.delivery.timeoutMs).toBe(5000);
    expect(back.delivery.retry.schedule).toEqual([5]);
    expect((await emu.config.update({ delivery: null })).delivery.retry.schedule).toEqual([1000, 2000, 4000]);
    expect((await emu.config.get()).delivery.timeoutMs).toBe(5000);
  });

  it('is typed: null allowed on every key, wrong types refused', () => {
    expectTypeOf<{ delivery: { timeoutMs: null } }>().toExtend<MergePatch<ConfigInput>>();
    expectTypeOf<{ delivery: { timeoutMs: 'soon' } }>().not.toExtend<MergePatch<ConfigInput>>();
    expectTypeOf<{ colour: 'red' }>().not.toExtend<MergePatch<ConfigInput>>();
  });
});

describe('trigger overrides are typed by event type and payload version', () => {
  it('sets a typed field and refuses a wrong type or an unknown field at compile time', async () => {
    const emu = await startForTest();
    const { events } = await emu.trigger('customer_created', { overrides: { customer_name: 'Ana Smith' } });
    expect(events[0]!.payload.customer_name).toBe('Ana Smith');
    const sms = await emu.trigger('project_sms_sent', { overrides: { sms_message: 'Hi' } });
    expect(sms.events[0]!.payload[0]!.sms_message).toBe('Hi');
    // @ts-expect-error customer_name is a string
    void (() => emu.trigger('customer_created', { overrides: { customer_name: 5 } }));
    // @ts-expect-error no such field in customer_created v2
    void (() => emu.trigger('customer_created', { overrides: { pkcustomerid: 5 } }));
    // v1 names it pkcustomerid
    void (() => emu.trigger<'customer_created', 'v1'>('customer_created', { overrides: { pkcustomerid: 5 } }));
  });
});

describe('deliveries.waitFor fails fast', () => {
  it('stops as soon as every matching delivery settled in another state, saying how each ended', async () => {
    const port = await closedPort();
    const emu = await startForTest({ delivery: { retry: { schedule: [10, 10, 10] } } });
    const hook = `http://127.0.0.1:${port}/hook`;
    await emu.subscribe(hook, 'customer_created');
    const { events } = await emu.trigger('customer_created');
    // Far longer than the test may take: only failing fast lets it finish.
    const error = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' }, { timeoutMs: 600_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    const e = error as WaitForTimeoutError;
    expect(e.settled).toBe(true);
    expect(e.message).toContain(`1 delivery to ${hook} ended failed after 4 attempts: connection_refused`);
    expect(e.candidates).toEqual([expect.objectContaining({ state: 'failed' })]);
  });

  it('still resolves when the deliveries arrive, and with failFast false waits the whole timeout', async () => {
    const receiver = await startTestReceiver();
    try {
      const emu = await startForTest({ delivery: { retry: { schedule: [] } } });
      await emu.subscribe(receiver.hookUrl('/ok'), 'customer_created');
      const waiting = emu.deliveries.waitFor({ type: 'customer_created', state: 'delivered' }, { min: 2, timeoutMs: 30_000 });
      await emu.trigger('customer_created', { count: 2 });
      expect((await waiting).map((d) => d.state)).toEqual(['delivered', 'delivered']);

      receiver.setDefault({ status: 500 });
      const { events } = await emu.trigger('customer_created');
      const slow = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' }, { timeoutMs: 1500, failFast: false }).catch((e: unknown) => e);
      expect(slow).toBeInstanceOf(WaitForTimeoutError);
      expect((slow as WaitForTimeoutError).settled).toBe(false);
      expect((slow as WaitForTimeoutError).message).toContain(`1 delivery to ${receiver.hookUrl('/ok')} ended failed after 1 attempt: http_error 500`);
    } finally {
      await receiver.close();
    }
  });
});
