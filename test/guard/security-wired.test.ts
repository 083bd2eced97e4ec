import { spawn } from 'node:child_process';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { BaseLookup } from '../../src/guard/guarded-lookup.js';
import { cliArgs } from '../support/cli-process.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/**
 * The security layer as wired into the emulator: the admin token on every control route, the
 * hook-host rules at connect time (through a test resolver: no outside name is ever resolved),
 * and no secrets in the log lines of a real process, in both log formats.
 */
const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** Resolves only the made-up names below; anything else is ENOTFOUND without asking a resolver. */
const TEST_HOSTS: Record<string, string> = { 'ok.test': '127.0.0.1', 'evil.test': '169.254.169.254', 'rebind.test': '127.0.0.1' };
const fakeLookup: BaseLookup = (hostname: string, options: LookupOptions, callback) => {
  const address = TEST_HOSTS[hostname];
  if (address === undefined) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return callback(err, '', 0);
  }
  if (options.all) callback(null, [{ address, family: 4 } satisfies LookupAddress]);
  else callback(null, address, 4);
};

const settledStates = ['delivered', 'failed', 'dropped', 'cancelled'] as const;

describe('admin token on the control API', () => {
  it('refuses every control route without the token (401), answers it with the token, and leaves health, the dashboard and apidata.php open', async () => {
    const emu = await startForTest({ adminToken: 's3cret-token' });
    // The typed client of startEmulator carries the token.
    const index = await fetch(`${emu.url}/_emulator`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(index.status).toBe(200);
    const { routes } = (await index.json()) as { routes: Array<{ method: string; path: string }> };
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const path = route.path.replace(/:[^/]+/g, 'x');
      const open = route.method === 'GET' && path === '/_emulator/health';
      const without = await fetch(`${emu.url}${path}`, { method: route.method });
      const wrong = await fetch(`${emu.url}${path}`, { method: route.method, headers: { authorization: 'Bearer s3cret-tokeN' } });
      if (open) {
        expect(without.status, `${route.method} ${path}`).toBe(200);
        continue;
      }
      expect(without.status, `${route.method} ${path}`).toBe(401);
      expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await without.json()) as { code: string }).code).toBe('UNAUTHORIZED');
      expect(wrong.status, `${route.method} ${path} with a wrong token`).toBe(401);
    }
    // With the token, nothing is refused for want of it (reset last: it is the one that changes state).
    for (const route of routes.filter((r) => r.path !== '/_emulator/stream')) {
      const path = route.path.replace(/:[^/]+/g, 'x');
      const res = await fetch(`${emu.url}${path}`, { method: route.method, headers: { authorization: 'Bearer s3cret-token' } });
      expect(res.status, `${route.method} ${path}`).not.toBe(401);
    }
    expect((await fetch(`${emu.url}/_emulator/ui/`)).status).toBe(200);
    const sub = await fetch(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: 'http://127.0.0.1:9/hook', type_request: 'customer_created' }),
    });
    expect(await sub.json()).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    // The client started with the emulator sends the token; one without it is refused.
    expect((await emu.subscriptions.list()).map((s) => s.hookUrl)).toEqual(['http://127.0.0.1:9/hook']);
    await expect(createClient(emu.url).subscriptions.list()).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    // The token is a secret even in the config view.
    expect((await emu.config.get()).adminToken).toBe('***');
  });
});

describe('where deliveries may go, checked on the address connected to', () => {
  it('delivers to a name that resolves to loopback and blocks one that resolves to the metadata address, without connecting', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    const emu = await startForTest({ lookup: fakeLookup, delivery: { retry: { schedule: [] } } });
    await emu.subscribe(`http://ok.test:${port}/good`, 'customer_created');
    await emu.subscribe(`http://evil.test:${port}/bad`, 'customer_created');
    await emu.trigger('customer_created');
    const { deliveries: settled } = await emu.emulator.delivery.waitFor({ state: [...settledStates] }, 2, 10_000);
    const byHook = Object.fromEntries(settled.map((d) => [new URL(d.hookUrl).hostname, d]));
    expect(byHook['ok.test']).toMatchObject({ state: 'delivered' });
    expect(byHook['evil.test']).toMatchObject({ state: 'failed' });
    expect(byHook['evil.test']!.attempts).toMatchObject([{ outcome: 'blocked' }]);
    expect(byHook['evil.test']!.attempts[0]!.error).toContain('169.254.169.254');
    expect(receiver.requests.map((r) => r.path)).toEqual(['/good']);
  });

  it('blocks an IP-literal hook URL that deniedHookHosts names, even after it was subscribed', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const emu = await startForTest({ delivery: { retry: { schedule: [] } } });
    await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
    await emu.config.update({ delivery: { deniedHookHosts: ['127.0.0.0/8'] } });
    await emu.trigger('customer_created');
    const [d] = (await emu.emulator.delivery.waitFor({ state: [...settledStates] }, 1, 10_000)).deliveries;
    expect(d!.attempts).toMatchObject([{ outcome: 'blocked' }]);
    expect(receiver.requests).toHaveLength(0);
    // And the rule refuses a new subscription with the documented message.
    const res = await fetch(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: receiver.hookUrl('/other'), type_request: 'customer_created' }),
    });
    expect(await res.json()).toEqual({ success: false, message: 'Invalid webhook URL format' });
  });

  it('with strictHookUrls turned on after subscribing, blocks an IP-literal loopback hook URL at connect time (no lookup runs for a literal)', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const emu = await startForTest({ delivery: { retry: { schedule: [] } } });
    await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
    await emu.config.update({ strictHookUrls: true });
    await emu.trigger('customer_created');
    const [d] = (await emu.emulator.delivery.waitFor({ state: [...settledStates] }, 1, 10_000)).deliveries;
    expect(d!.attempts).toMatchObject([{ outcome: 'blocked', error: expect.stringContaining('strictHookUrls') }]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses the link-local metadata address at subscribe time by default', async () => {
    const emu = await startForTest();
    for (const hookUrl of [
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:a9fe:a9fe]/x',
      'http://[fe80::1]/x',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::]/',
      'http://[::169.254.169.254]/',
    ]) {
      const res = await fetch(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
        method: 'POST',
        body: JSON.stringify({ hookUrl, type_request: 'customer_created' }),
      });
      expect(await res.json(), hookUrl).toEqual({ success: false, message: 'Invalid webhook URL format' });
    }
  });
});

/** Runs the CLI with these flags, makes requests carrying secrets, and returns everything it logged. */
async function logsOf(format: 'json' | 'pretty'): Promise<string> {
  const receiver = await startTestReceiver();
  receivers.push(receiver);
  const child = spawn(process.execPath, cliArgs(['--port', '0', '--log-format', format, '--log-level', 'debug', '--api-key', 'sp_live_SECRETKEY', '--retry-schedule', 'none']), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in time:\n${out}`)), 20_000);
      const check = () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', check);
      child.on('exit', () => reject(new Error(`exited early:\n${out}`)));
    });
    const hook = receiver.hookUrl('/hook?token=HOOKTOKEN').replace('http://', 'http://hookuser:HOOKPASS@');
    const sub = await fetch(`${url}/apidata.php?action=subscribe_customer&api_key=sp_live_SECRETKEY`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: hook, type_request: 'customer_created' }),
    });
    expect(await sub.json()).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    await fetch(`${url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }), headers: { authorization: 'Bearer AUTHHEADER' } });
    const [request] = await receiver.waitFor(1);
    // Userinfo goes out as Basic auth, as libcurl sends it.
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('hookuser:HOOKPASS').toString('base64')}`);
    expect(request!.url).toBe('/hook?token=HOOKTOKEN');
    await expect.poll(() => /delivery delivered/.test(out), { timeout: 10_000 }).toBe(true);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  return out;
}

describe('no secrets in logs', () => {
  it.each(['json', 'pretty'] as const)('masks API keys, hook-URL query values, userinfo and Authorization in %s log lines', async (format) => {
    const out = await logsOf(format);
    expect(out).toMatch(/request/);
    expect(out).toMatch(/delivery delivered/);
    for (const secret of ['HOOKTOKEN', 'HOOKPASS', 'hookuser', 'AUTHHEADER']) expect(out, `${secret} in:\n${out}`).not.toContain(secret);
    // The key appears only in the start-up line that tells the developer which key to use.
    const keyLines = out.split('\n').filter((l) => l.includes('sp_live_SECRETKEY'));
    expect(keyLines.every((l) => /listening|apiKeys|api key/i.test(l)), keyLines.join('\n')).toBe(true);
    expect(out).toContain('api_key=***');
  }, 60_000);
});
