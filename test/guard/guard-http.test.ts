import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/core/logger.js';
import type { GuardSettings } from '../../src/http/guard-middleware.js';

/**
 * The guard in front of the real emulator app, on 127.0.0.1:0, probed with raw node:http
 * requests whose Host and Origin headers are set by hand (as a rebinding or cross-site page would).
 */
interface Running {
  port: number;
  emu: Emulator;
  /** How many requests got past the guard. */
  passed: () => number;
}

const servers: Server[] = [];
const emulators: Emulator[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function start(settings: Partial<GuardSettings> = {}): Promise<Running> {
  const loaded = loadConfig({ env: {}, overrides: { port: 0, host: '127.0.0.1', logLevel: 'silent', seed: 1, ...settings } });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  // The emulator's own guard, as wired: every request past it is logged once by the request log.
  let passed = 0;
  const lines = new Writable({
    write(chunk: Buffer, _enc, done) {
      passed += String(chunk).split('\n').filter((l) => l.includes('"msg":"request"')).length;
      done();
    },
  });
  const emu = createEmulator(loaded.config, { logger: createLogger('info', 'json', lines) });
  emulators.push(emu);
  const url = await emu.listen();
  return { port: Number(new URL(url).port), emu, passed: () => passed };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request to 127.0.0.1:port with exactly these headers (Host included), no defaults added but Content-Length. */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const SUBSCRIBE = '/apidata.php?action=subscribe_customer&api_key=sp_test_key';
const subscribeBody = (port: number): string => JSON.stringify({ hookUrl: `http://127.0.0.1:${port}/hook`, type_request: 'customer_created' });

describe('the guard in front of the emulator (raw HTTP)', () => {
  it('refuses a foreign Host with 421 on /apidata.php and on /_emulator, before anything runs', async () => {
    const { port, passed } = await start();
    for (const path of [SUBSCRIBE, '/_emulator/health']) {
      const res = await raw(port, 'GET', path, { Host: `rebound.evil.example:${port}` });
      expect(res.status, path).toBe(421);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'FOREIGN_HOST' });
    }
    expect(passed()).toBe(0);
  });

  it('accepts loopback Hosts: 127.0.0.1:port, localhost:port, [::1]:port', async () => {
    const { port } = await start();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const res = await raw(port, 'GET', '/_emulator/health', { Host: host });
      expect(res.status, host).toBe(200);
    }
  });

  it('refuses a cross-origin text/plain POST (a "simple" request, no preflight) and changes nothing', async () => {
    const { port, emu, passed } = await start();
    const res = await raw(port, 'POST', SUBSCRIBE, { Host: `127.0.0.1:${port}`, Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, subscribeBody(port));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'FOREIGN_ORIGIN' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(passed()).toBe(0);
    expect(emu.subscriptions.list()).toHaveLength(0);
  });

  it('refuses Origin: null (sandboxed frames, file: pages)', async () => {
    const { port, emu } = await start();
    const res = await raw(port, 'POST', SUBSCRIBE, { Host: `127.0.0.1:${port}`, Origin: 'null' }, subscribeBody(port));
    expect(res.status).toBe(403);
    expect(emu.subscriptions.list()).toHaveLength(0);
  });

  it('accepts the same origin, and clients without Origin (curl -d, servers) unchanged', async () => {
    const { port, emu } = await start();
    const same = await raw(port, 'POST', SUBSCRIBE, { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, 'Content-Type': 'application/json' }, subscribeBody(port));
    expect(same.status).toBe(200);
    expect(JSON.parse(same.body)).toMatchObject({ success: true });
    // What `curl -d '{...}' URL` sends: no Origin, a form Content-Type.
    const curl = await raw(
      port,
      'POST',
      SUBSCRIBE,
      { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: '*/*', 'User-Agent': 'curl/8.5.0' },
      JSON.stringify({ hookUrl: `http://127.0.0.1:${port}/other`, type_request: 'customer_created' }),
    );
    expect(curl.status).toBe(200);
    const bare = await raw(port, 'POST', SUBSCRIBE, { Host: `127.0.0.1:${port}` }, JSON.stringify({ hookUrl: `http://127.0.0.1:${port}/third`, type_request: 'customer_created' }));
    expect(bare.status).toBe(200);
    expect(emu.subscriptions.list()).toHaveLength(3);
  });

  it('answers the preflight for an allowed origin, then CORS on the real request', async () => {
    const app = 'http://localhost:5173';
    const { port } = await start({ allowedOrigins: [app] });
    const pre = await raw(port, 'OPTIONS', '/_emulator/config', {
      Host: `127.0.0.1:${port}`,
      Origin: app,
      'Access-Control-Request-Method': 'PATCH',
      'Access-Control-Request-Headers': 'authorization,content-type',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(app);
    expect(pre.headers['access-control-allow-methods']).toContain('PATCH');
    expect(pre.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(pre.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(pre.headers['access-control-max-age']).toBeDefined();
    expect(pre.headers.vary).toContain('Origin');
    const real = await raw(port, 'GET', '/_emulator/config', { Host: `127.0.0.1:${port}`, Origin: app });
    expect(real.status).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBe(app);
    const other = await raw(port, 'OPTIONS', '/_emulator/config', { Host: `127.0.0.1:${port}`, Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'PATCH' });
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('with an admin token: 401 without or with a wrong token, 200 with it; health and apidata.php stay open', async () => {
    const { port } = await start({ adminToken: 'tok-123' });
    const host = `127.0.0.1:${port}`;
    const none = await raw(port, 'GET', '/_emulator/config', { Host: host });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(none.body)).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await raw(port, 'GET', '/_emulator/config', { Host: host, Authorization: 'Bearer tok-124' })).status).toBe(401);
    expect((await raw(port, 'POST', '/_emulator/reset', { Host: host })).status).toBe(401);
    expect((await raw(port, 'GET', '/_emulator/config', { Host: host, Authorization: 'Bearer tok-123' })).status).toBe(200);
    expect((await raw(port, 'GET', '/_emulator/health', { Host: host })).status).toBe(200);
    expect((await raw(port, 'POST', SUBSCRIBE, { Host: host }, subscribeBody(port))).status).toBe(200);
  });
});
