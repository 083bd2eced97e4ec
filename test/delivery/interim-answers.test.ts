import { afterEach, describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from './transport-receiver.js';

/**
 * 1xx answers through the whole engine, with each transport: a 100 Continue before the 200 is a
 * delivery, a 101 is a failed attempt recorded at once (never a delivery pending for good, never a
 * concurrency slot held). The transport-level cases are in transport-contract.test.ts.
 */
const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const settled = ['delivered', 'failed', 'dropped', 'cancelled'] as const;

describe.each(['auto', 'node', 'undici', 'got'] as const)('1xx answers with delivery.transport %s', (transport) => {
  it('delivers when the receiver sends 100 Continue before its 200, and fails a 101 within timeoutMs, releasing the slot', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    receiver.answer((req, res) => {
      if (req.url === '/switch') {
        req.once('end', () => req.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
        return;
      }
      res.writeContinue();
      req.once('end', () => res.writeHead(200).end('{"ok":true}'));
    });
    const emu = await startForTest({ delivery: { transport, timeoutMs: 5000, retry: { schedule: [] }, concurrency: { max: 1, perHost: 1 } } });
    await emu.subscribe(`${receiver.url}/switch`, 'customer_created');
    await emu.subscribe(`${receiver.url}/continue`, 'customer_created');
    const started = Date.now();
    await emu.trigger('customer_created');
    const { deliveries } = await emu.emulator.delivery.waitFor({ state: [...settled] }, 2, 20_000);
    const byPath = Object.fromEntries(deliveries.map((d) => [new URL(d.hookUrl).pathname, d]));
    expect(byPath['/continue']).toMatchObject({ state: 'delivered', attempts: [{ outcome: 'success', status: 200 }] });
    expect(byPath['/switch']).toMatchObject({ state: 'failed', attempts: [{ outcome: 'http_error', status: 101 }] });
    // With one concurrency slot, the 101 must have given it back for the other delivery to be sent.
    expect(byPath['/switch']!.attempts[0]!.durationMs).toBeLessThan(5000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(emu.emulator.delivery.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
