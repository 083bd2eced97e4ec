import { afterEach, describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

let receiver: TestReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('delivery.responseBodyBytes', () => {
  it.each(['auto', 'node', 'undici', 'got'] as const)('keeps only that much of the receiver answer in the journal (%s)', async (transport) => {
    receiver = await startTestReceiver();
    receiver.setDefault(() => ({ status: 200, body: 'abcdefghij'.repeat(50) }));
    const emu = await startForTest({ delivery: { transport, responseBodyBytes: 25 } });
    await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
    await emu.trigger('customer_created');
    const [d] = await emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 10_000 });
    expect(d!.attempts[0]!.responseBody).toBe('abcdefghij'.repeat(3).slice(0, 25));
  });
});
