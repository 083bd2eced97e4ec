import { afterEach, expect, it } from 'vitest';
import { ManualClock, startEmulator, type RunningEmulator } from '../../src/index.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

let emu: RunningEmulator | undefined;
let receiver: TestReceiver | undefined;

afterEach(async () => {
  await emu?.close();
  await receiver?.close();
});

it('lets a test drive an hour-long retry ladder by hand with a ManualClock', async () => {
  const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'));
  emu = await startEmulator({ clock, delivery: { retry: { schedule: [60 * 60_000] } } });
  receiver = await startTestReceiver();
  receiver.script('/hook', [{ status: 503 }, { status: 200 }]);
  await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
  const { deliveries } = await emu.trigger('customer_created');

  await receiver.waitFor(1);
  await expect.poll(async () => (await emu!.deliveries.get(deliveries[0]!)).attempts.length).toBe(1);
  const waiting = await emu.deliveries.get(deliveries[0]!);
  expect(waiting.state).toBe('pending');
  expect(waiting.nextAttemptAt).toBe('2026-03-01T01:00:00.000Z');

  await clock.advance(60 * 60_000 - 1);
  expect(receiver.requests).toHaveLength(1);
  await clock.advance(1);
  const [done] = await emu.deliveries.waitFor({ state: 'delivered' });
  expect(done!.attempts.map((a) => [a.status, a.startedAt])).toEqual([
    [503, '2026-03-01T00:00:00.000Z'],
    [200, '2026-03-01T01:00:00.000Z'],
  ]);
});

it('fails a state wait fast under a ManualClock nobody advances: its first long-poll does not hang on that clock', async () => {
  const clock = new ManualClock(Date.parse('2026-03-01T00:00:00Z'));
  emu = await startEmulator({ clock, delivery: { retry: { schedule: [] } } });
  receiver = await startTestReceiver();
  receiver.script('/hook', [{ status: 500 }]);
  await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
  await emu.trigger('customer_created');
  const started = Date.now();
  await expect(emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 15_000 })).rejects.toMatchObject({ code: 'WAIT_TIMEOUT', message: expect.stringContaining('none is pending') });
  expect(Date.now() - started).toBeLessThan(10_000);
});
