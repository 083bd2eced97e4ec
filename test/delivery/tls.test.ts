import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '../../src/core/account.js';
import { startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';
import { selfSigned } from './transport-receiver.js';

const tls = selfSigned();
let server: Server;
let hookUrl: string;
let received = 0;
let h: DeliveryHarness;

beforeAll(async () => {
  if (!tls) return;
  server = createServer(tls, (req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  if (server) await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
});
afterEach(async () => h?.close());

describe.skipIf(!tls)('HTTPS receivers', () => {
  it('refuses a self-signed certificate as tls_error by default', async () => {
    h = await startDeliveryHarness({ delivery: { retry: { schedule: [] } } });
    h.emu.subscriptions.subscribe(DEFAULT_API_KEY, hookUrl, 'customer_created');
    const [id] = h.send();
    const [d] = (await h.emu.delivery.waitFor({ id: [id!], state: ['failed'] }, 1, 5000)).deliveries;
    expect(d!.attempts[0]!.outcome).toBe('tls_error');
    expect(received).toBe(0);
  });

  it('delivers to a self-signed receiver with tls.rejectUnauthorized false', async () => {
    h = await startDeliveryHarness({ delivery: { retry: { schedule: [] }, tls: { rejectUnauthorized: false } } });
    h.emu.subscriptions.subscribe(DEFAULT_API_KEY, hookUrl, 'customer_created');
    const [id] = h.send();
    const [d] = (await h.emu.delivery.waitFor({ id: [id!], state: ['delivered'] }, 1, 5000)).deliveries;
    expect(d!.attempts[0]).toMatchObject({ outcome: 'success', status: 200 });
    expect(received).toBe(1);
  });
});
