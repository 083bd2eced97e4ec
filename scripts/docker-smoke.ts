/**
 * Smoke test of the Docker image, run by .ci/run after `docker build`:
 * health, subscribe a receiver running on the host, trigger, see the delivery arrive, and a
 * `docker stop` that takes well under 5 s. Usage: tsx scripts/docker-smoke.ts <image>
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startTestReceiver } from '../test/support/test-receiver.js';

const image = process.argv[2] ?? 'solarproof-mock:ci';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntil<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`docker smoke: ${message}`);
  console.log(`  ok  ${message}`);
}

async function main(): Promise<void> {
  const receiver = await startTestReceiver();
  const port = await freePort();
  // Host networking lets the container reach the receiver on the host's 127.0.0.1.
  const id = docker('run', '-d', '--rm', '--network', 'host', '-e', `SPMOCK_PORT=${port}`, '-e', 'SPMOCK_SEED=7', image);
  const base = `http://127.0.0.1:${port}`;
  try {
    const health = await waitUntil('health', async () => {
      const res = await fetch(`${base}/_emulator/health`);
      return res.ok ? ((await res.json()) as { status: string }) : undefined;
    }, 20_000);
    check(health.status === 'ok', 'GET /_emulator/health answers {"status":"ok"}');

    const hookUrl = receiver.hookUrl('/hooks/customers?token=docker');
    const sub = await fetch(`${base}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl, type_request: 'customer_created' }),
    });
    check((await sub.text()) === '{"success":true,"message":"Webhook subscribed successfully"}', 'subscribe_customer answers the documented body');

    const trig = await fetch(`${base}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }) });
    const triggered = (await trig.json()) as { events: Array<{ payload: { customer_id: number } }>; deliveries: string[] };
    check(triggered.deliveries.length === 1, 'POST /_emulator/events makes one delivery');

    const [request] = await receiver.waitFor(1, { timeoutMs: 10_000 });
    check(request?.url === '/hooks/customers?token=docker', 'the receiver on the host got the POST at the exact hook URL');
    check((request?.json as { customer_id: number }).customer_id === triggered.events[0]?.payload.customer_id, 'with the triggered payload');

    const health2 = docker('inspect', '--format', '{{.Config.Healthcheck.Test}}', id);
    check(health2.includes('/_emulator/health'), 'the image declares a HEALTHCHECK on /_emulator/health');
    check(docker('inspect', '--format', '{{.Config.User}}', id) === 'node', 'the container runs as the non-root user node');

    const started = Date.now();
    docker('stop', '--time', '10', id);
    const stopMs = Date.now() - started;
    check(stopMs < 5000, `docker stop took ${stopMs} ms (< 5000)`);
  } catch (err) {
    try {
      console.error(docker('logs', id));
      docker('rm', '-f', id);
    } catch {
      // already gone
    }
    throw err;
  } finally {
    await receiver.close();
  }
  // The README's form: the default port published with -p (bridge network).
  const published = await freePort();
  // ... configured by a mounted config file, as the README shows.
  const configDir = mkdtempSync(join(tmpdir(), 'spmock-docker-'));
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ payloadVersion: 'v1', delivery: { timeoutMs: 1234 } }));
  chmodSync(configDir, 0o755);
  chmodSync(join(configDir, 'config.json'), 0o644);
  const runAt = Date.now();
  const bridged = docker(
    'run', '-d', '--rm', '-p', `127.0.0.1:${published}:4477`,
    '-v', `${join(configDir, 'config.json')}:/config.json:ro`, '-e', 'SPMOCK_CONFIG=/config.json',
    image,
  );
  try {
    const viaPort = await waitUntil('health through -p', async () => {
      const res = await fetch(`http://127.0.0.1:${published}/_emulator/health`);
      return res.ok ? ((await res.json()) as { status: string }) : undefined;
    }, 20_000, 50);
    const answeredAt = Date.now();
    check(viaPort.status === 'ok', `docker run -p ${published}:4477 serves the emulator`);
    // Readiness: the HEALTHCHECK (every second, bash's /dev/tcp) says healthy about a second
    // after the server first answers, not after a 5 s interval.
    const healthyStatus = await waitUntil('healthy status', async () => {
      const s = docker('inspect', '--format', '{{.State.Health.Status}}', bridged);
      return s === 'healthy' ? s : undefined;
    }, 30_000, 50);
    const healthyAt = Date.now();
    console.log(`  time-to-healthy (docker run): answers after ${answeredAt - runAt} ms, healthy after ${healthyAt - runAt} ms (${healthyAt - answeredAt} ms after the first answer)`);
    check(healthyStatus === 'healthy' && healthyAt - answeredAt < 2500, `docker reports healthy ${healthyAt - answeredAt} ms after the server answers (< 2500)`);
    const config = (await (await fetch(`http://127.0.0.1:${published}/_emulator/config`)).json()) as { payloadVersion: string; delivery: { timeoutMs: number } };
    check(config.payloadVersion === 'v1' && config.delivery.timeoutMs === 1234, 'a mounted config file (SPMOCK_CONFIG) is applied');
  } finally {
    docker('stop', '--time', '10', bridged);
  }
  // With an admin token: health (and so the HEALTHCHECK) stays open, the control API is closed
  // without the token, and apidata.php keeps answering with its own api_key.
  const guardedPort = await freePort();
  const guarded = docker('run', '-d', '--rm', '-p', `127.0.0.1:${guardedPort}:4477`, '-e', 'SPMOCK_ADMIN_TOKEN=docker-secret', image);
  try {
    const guardedBase = `http://127.0.0.1:${guardedPort}`;
    await waitUntil('health with a token', async () => ((await fetch(`${guardedBase}/_emulator/health`)).ok ? true : undefined), 20_000);
    check(true, 'with SPMOCK_ADMIN_TOKEN, GET /_emulator/health needs no token');
    const closed = await fetch(`${guardedBase}/_emulator/config`);
    check(closed.status === 401, `GET /_emulator/config without the token answers ${closed.status} (401)`);
    const open = await fetch(`${guardedBase}/_emulator/config`, { headers: { authorization: 'Bearer docker-secret' } });
    check(open.status === 200, `GET /_emulator/config with the token answers ${open.status} (200)`);
    const sub = await fetch(`${guardedBase}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: 'http://127.0.0.1:9/hook', type_request: 'customer_created' }),
    });
    check(sub.status === 200, 'apidata.php is unaffected by the admin token');
    const healthy = await waitUntil('healthy status with a token', async () => {
      const st = docker('inspect', '--format', '{{.State.Health.Status}}', guarded);
      return st === 'healthy' ? st : undefined;
    }, 30_000);
    check(healthy === 'healthy', 'docker reports the token-protected container healthy');
  } finally {
    docker('stop', '--time', '10', guarded);
  }
  const size = Number(docker('image', 'inspect', '--format', '{{.Size}}', image));
  console.log(`  image ${image}: ${(size / 1e6).toFixed(0)} MB`);
}

main().then(
  () => console.log('docker smoke: passed'),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
