import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssMiB, startListening } from './cli-process.js';

/**
 * Idle RSS as the peers' harness reads it (/work/shared/bench-peers: run.mjs, targets/solarproof-mock.mjs):
 * `node <bin> --port 0` with no node flags and HOME a temp dir, subscribed
 * (`subscribe_customer`, `customer_created`) and its latency PATCHed to 0, VmRSS 3 s later. `starts`
 * fresh processes; the last is read again 20 s after it was configured: by then V8's memory reducer
 * has usually shrunk the heap, the harness's lower mode (its wait for a quiet machine before the
 * reading decides which mode a run sees: docs/decisions/0043). The environment is passed on, as the
 * harness passes its own: a `NODE_EXTRA_CA_CERTS` bundle costs every node process ~2 MiB.
 */
export async function idleRss(bin: string, starts: number): Promise<{ at3s: number[]; at20s: number }> {
  const hooks = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
  const home = mkdtempSync(join(tmpdir(), 'spmock-idle-'));
  const at3s: number[] = [];
  let at20s = 0;
  try {
    for (let i = 0; i < starts; i++) {
      const { child, base } = await start(bin, home);
      try {
        await send('POST', `${base}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { hookUrl, type_request: 'customer_created' });
        await send('PATCH', `${base}/_emulator/config`, { delivery: { latency: { distribution: 'fixed', ms: 0 } } });
        const configured = performance.now();
        await until(configured + 3000);
        at3s.push(rssMiB(child.pid!));
        if (i === starts - 1) {
          await until(configured + 20_000);
          at20s = rssMiB(child.pid!);
        }
      } finally {
        await stop(child);
      }
    }
  } finally {
    hooks.close();
    rmSync(home, { recursive: true, force: true });
  }
  return { at3s, at20s };
}

/** The harness reads RSS after fixed waits; so does this (the figure is the reading, not a timed assertion). */
const until = (t: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function start(bin: string, home: string): Promise<{ child: ChildProcess; base: string }> {
  const { child, base } = await startListening(bin, ['--port', '0'], { env: { ...process.env, HOME: home } });
  // The harness waits for a < 500 answer on / before it configures.
  while ((await send('GET', `${base}/`, undefined)) >= 500) await until(performance.now() + 20);
  return { child, base };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

function send(method: string, url: string, body: unknown): Promise<number> {
  const buf = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const headers = buf ? { 'content-type': 'application/json', 'content-length': buf.length } : {};
    const req = request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(buf);
  });
}
