import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cliArgs } from '../support/cli-process.js';

const MB = 1024 * 1024;
let server: Server | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The emulator process's resident set, from /proc (Linux). */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;

describe.skipIf(process.platform !== 'linux')('a receiver that answers 50 MB', () => {
  it('never holds the answers: while four 50 MB answers stream in, the emulator grows by well under what they weigh, and the journal keeps at most 4 KiB of each', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    server = createServer((req, res) => {
      req.resume();
      req.once('end', () => {
        if (req.url === '/warm') return void res.end('ok');
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(50 * MB) });
        let sent = 0;
        const pump = (): void => {
          while (sent < 50 * MB) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const hooks = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    child = spawn(process.execPath, cliArgs(['--port', '0', '--log-level', 'warn', '--retry-schedule', 'none', '--delivery-timeout', '60000']), { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.once('exit', () => reject(new Error(`emulator exited:\n${out}`)));
    });
    const subscribe = (hookUrl: string, type: string) =>
      json(`${url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { method: 'POST', body: JSON.stringify({ hookUrl, type_request: type }) });
    const delivered = async (type: string, min: number) =>
      (await json<{ deliveries: Array<{ state: string; attempts: Array<{ responseBody?: string }> }> }>(`${url}/_emulator/deliveries?type=${type}&state=delivered&wait=90000&min=${min}`)).deliveries;
    // Warm up (the transport loads on first use; the world and JIT settle), then measure.
    await subscribe(`${hooks}/warm`, 'customer_status_change');
    await json(`${url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_status_change' }) });
    await delivered('customer_status_change', 1);
    for (let i = 0; i < 4; i++) await subscribe(`${hooks}/hook${i}`, 'customer_created');
    const pid = child.pid!;
    const before = rssOf(pid);
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, rssOf(pid) - before)), 20);
    try {
      await json(`${url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }) });
      const done = await delivered('customer_created', 4);
      expect(done).toHaveLength(4);
      for (const d of done) expect(Buffer.byteLength(d.attempts[0]!.responseBody ?? '')).toBeLessThanOrEqual(4096);
    } finally {
      clearInterval(sample);
    }
    peak = Math.max(peak, rssOf(pid) - before);
    // Held whole, the answers would cost 200 MB. What shows is socket reads awaiting garbage
    // collection, which the transports bring on every 2 MB discarded (measured 28-37 MB on a
    // loaded 2-core machine, 47-80 MB without it; the aim is 40 MB). The bound leaves room for a busy machine.
    expect(peak, `the emulator's RSS grew by ${(peak / MB).toFixed(1)} MB while 200 MB of answers streamed in`).toBeLessThan(64 * MB);
  }, 120_000);
});
