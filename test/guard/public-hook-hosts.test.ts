import type { LookupAddress, LookupOptions } from 'node:dns';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { BaseLookup } from '../../src/guard/guarded-lookup.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/**
 * Decision 0025: fake customers leave the machine only when told to. Public-looking names are
 * resolved by a test resolver to the loopback test receiver, so a delivery that got through would
 * land on it (and fail the test) without any outside address being asked.
 */
const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const TEST_HOSTS: Record<string, string> = { 'your-domain.com': '127.0.0.1', 'api.partner.example.com': '127.0.0.1', 'receiver.test': '127.0.0.1' };
const testLookup: BaseLookup = (hostname: string, options: LookupOptions, callback) => {
  const address = TEST_HOSTS[hostname];
  if (address === undefined) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
  if (options.all) callback(null, [{ address, family: 4 } satisfies LookupAddress]);
  else callback(null, address, 4);
};

const settled = ['delivered', 'failed', 'dropped', 'cancelled'] as const;

function logLines(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

async function subscribeRaw(url: string, hookUrl: string): Promise<unknown> {
  const res = await fetch(`${url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
    method: 'POST',
    body: JSON.stringify({ hookUrl, type_request: 'customer_created' }),
  });
  return res.json();
}

describe('public hook hosts are refused by default', () => {
  it("subscribes Solar Proof's docs example as Solar Proof would, then blocks every delivery to it without retrying, naming the setting, with one warning per host", async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    const log = logLines();
    const emu = await startForTest({ lookup: testLookup, logger: createLogger('info', 'json', log.stream) });
    expect(await subscribeRaw(emu.url, `http://your-domain.com:${port}/webhooks/solarproof`)).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    await emu.subscribe(`http://receiver.test:${port}/local`, 'customer_created');

    await emu.trigger('customer_created', { count: 3 });
    const { deliveries } = await emu.emulator.delivery.waitFor({ state: [...settled] }, 6, 10_000);
    const outside = deliveries.filter((d) => d.hookUrl.includes('your-domain.com'));
    expect(outside).toHaveLength(3);
    for (const d of outside) {
      // Retries are on by default ([1000, 2000, 4000]); a blocked attempt is not retried.
      expect(d.state).toBe('failed');
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]).toMatchObject({ outcome: 'blocked', error: expect.stringContaining('delivery.allowedHookHosts') });
      expect(d.attempts[0]!.error).toContain('--allow-hook-host your-domain.com');
    }
    expect(deliveries.filter((d) => d.hookUrl.includes('receiver.test')).map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/local', '/local', '/local']);
    const warnings = log.lines.filter((l) => l.level === 40 && String(l.msg).includes('your-domain.com'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('delivery.allowedHookHosts');
  });

  it('delivers to a public host once delivery.allowedHookHosts lists it (set at run time)', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    const emu = await startForTest({ lookup: testLookup });
    await emu.subscribe(`http://api.partner.example.com:${port}/in`, 'customer_created');
    await emu.config.update({ delivery: { allowedHookHosts: ['*.partner.example.com'] } });
    await emu.trigger('customer_created');
    const [d] = (await emu.emulator.delivery.waitFor({ state: [...settled] }, 1, 10_000)).deliveries;
    expect(d).toMatchObject({ state: 'delivered' });
    expect(receiver.requests.map((r) => r.path)).toEqual(['/in']);
  });

  it('keeps the metadata address refused under a wildcard allowedHookHosts entry', async () => {
    const emu = await startForTest({ delivery: { allowedHookHosts: ['*'] } });
    expect(await subscribeRaw(emu.url, 'http://169.254.169.254/latest/meta-data')).toEqual({ success: false, message: 'Invalid webhook URL format' });
  });
});
