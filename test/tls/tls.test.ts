import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createClient } from '../../src/index.js';
import { cli, exitCode } from '../support/cli-process.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

/** One HTTPS request that trusts only `ca` (and checks the host name): status and body. */
function httpsGet(url: string, ca: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The first `n` stdout lines of a CLI process. */
function firstLines(child: ReturnType<typeof cli>, n: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === n) {
        rl.close();
        resolve(lines);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} after ${lines.length} lines: ${stderr}`)));
  });
}

describe('HTTPS (--tls, --tls-cert/--tls-key)', { timeout: 120_000 }, () => {
  it('serves both surfaces over HTTPS with a certificate a verifying client trusts; the typed client takes it as ca', async () => {
    const emu = await startForTest({ tls: true });
    const receiver = await startTestReceiver();
    try {
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const cert = emu.emulator.tlsCertificate!;
      expect(cert.origin).toBe('made');
      const pem = readFileSync(cert.file, 'utf8');
      expect(pem).toBe(cert.pem);

      // Verified against the printed certificate: the control API and the emulated Solar Proof API.
      expect(await httpsGet(`${emu.url}/_emulator/health`, pem)).toMatchObject({ status: 200 });
      const subscribed = await httpsGet(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, pem, 'POST', JSON.stringify({ hookUrl: receiver.hookUrl('/h'), type_request: 'customer_created' }));
      expect(JSON.parse(subscribed.body)).toEqual({ success: true, message: 'Webhook subscribed successfully' });
      // The dashboard's own (https) origin is its own, and a plain-http one is foreign.
      const withOrigin = (origin: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${emu.url}/_emulator/reset`, { method: 'POST', ca: pem, headers: { origin } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await withOrigin(emu.url)).toBe(200);
      expect(await withOrigin(emu.url.replace('https:', 'http:'))).toBe(403);
      await httpsGet(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, pem, 'POST', JSON.stringify({ hookUrl: receiver.hookUrl('/h'), type_request: 'customer_created' }));
      // `localhost` is in the certificate too.
      expect((await httpsGet(emu.url.replace('127.0.0.1', 'localhost') + '/_emulator/health', pem)).status).toBe(200);

      // A client that does not trust it is refused: the certificate is really checked.
      await expect(httpsGet(`${emu.url}/_emulator/health`, '')).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      await expect(fetch(`${emu.url}/_emulator/health`)).rejects.toThrow();

      // The typed client with ca: calls, the stream and waitFor (which follows the stream).
      const sp = createClient(emu.url, { ca: pem });
      expect(await sp.health()).toMatchObject({ status: 'ok' });
      const { events } = await sp.trigger('customer_created');
      const [delivered] = await sp.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' }, { timeoutMs: 10_000 });
      expect(delivered!.state).toBe('delivered');
      expect(receiver.requestsTo('/h')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('--tls with a data dir prints https:// and where the certificate is, and keeps it for the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-tls-'));
    const first = cli(['--port', '0', '--tls', '--data-dir', dataDir]);
    const [listening, where] = await firstLines(first, 2);
    expect(listening).toMatch(/^solarproof-mock listening on https:\/\/127\.0\.0\.1:\d+$/);
    const certFile = join(dataDir, 'tls', 'cert.pem');
    expect(where).toContain(`TLS certificate (self-signed, made at start): ${certFile}`);
    const url = listening!.replace('solarproof-mock listening on ', '');
    const pem = readFileSync(certFile, 'utf8');
    expect((await httpsGet(`${url}/_emulator/health`, pem)).status).toBe(200);
    first.kill('SIGTERM');
    expect(await exitCode(first)).toBe(0);

    const second = cli(['--port', '0', '--tls', '--data-dir', dataDir]);
    const [again, kept] = await firstLines(second, 2);
    expect(kept).toContain(`TLS certificate (self-signed, kept in the data dir): ${certFile}`);
    expect(readFileSync(certFile, 'utf8')).toBe(pem);
    expect((await httpsGet(`${again!.replace('solarproof-mock listening on ', '')}/_emulator/health`, pem)).status).toBe(200);
    second.kill('SIGTERM');
    expect(await exitCode(second)).toBe(0);

    // Your own certificate and key (here: the one kept above).
    const own = cli(['--port', '0', '--tls-cert', certFile, '--tls-key', join(dataDir, 'tls', 'key.pem')]);
    const [ownUrl, given] = await firstLines(own, 2);
    expect(given).toContain(`TLS certificate (given): ${certFile}`);
    expect((await httpsGet(`${ownUrl!.replace('solarproof-mock listening on ', '')}/_emulator/health`, pem)).status).toBe(200);
    own.kill('SIGTERM');
    expect(await exitCode(own)).toBe(0);
  });

  it('stops with exit 2 and a clear message for a missing key or an unreadable certificate', async () => {
    const half = loadConfig({ overrides: { tlsCert: '/nonexistent/cert.pem' } });
    expect(half.ok ? [] : half.problems.join('\n')).toContain('give both tlsCert and tlsKey');

    const missing = cli(['--port', '0', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem']);
    let err2 = '';
    missing.stderr!.on('data', (d) => (err2 += d));
    expect(await exitCode(missing)).toBe(2);
    expect(err2).toContain('--tls-cert /nonexistent/cert.pem: cannot read it (ENOENT)');
  });
});
