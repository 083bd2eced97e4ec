import { cpus, totalmem } from 'node:os';
import { systemClock } from '../src/core/clock.js';
import { createGotTransport } from '../src/delivery/got-transport.js';
import type { Transport, TransportRequest } from '../src/delivery/transport.js';
import { createUndiciTransport } from '../src/delivery/undici-transport.js';
import { startReceiverProcess } from './receiver-process.js';

/**
 * Requests/s of each delivery transport: N 1 KB POSTs at 16, 32 and 64 in flight to a bare
 * node:http receiver in a child process on 127.0.0.1, median of RUNS runs, transports
 * interleaved so they see the same machine load. Run: `npx tsx bench/transport-bench.ts`
 * (BENCH_N, BENCH_RUNS override the defaults).
 */

const N = Number(process.env.BENCH_N ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LEVELS = [16, 32, 64];
const BODY = JSON.stringify({
  customer_id: 48213,
  customer_name: 'Ana Smith',
  customer_email: 'ana.smith@example.com',
  site_address: '45 Thuringowa Dr, Kirwan QLD 4817, Australia',
  customer_notes: 'x'.repeat(860),
});

const TRANSPORTS: Record<string, () => Transport> = {
  got: () => createGotTransport({ now: () => Date.now(), clock: systemClock }),
  undici: () => createUndiciTransport({ now: () => Date.now(), clock: systemClock }),
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(transport: Transport, url: string, inFlight: number, count: number): Promise<number> {
  const request: TransportRequest = {
    url,
    body: BODY,
    contentType: 'application/json',
    userAgent: 'solarproof-mock/bench',
    timeoutMs: 10_000,
    rejectUnauthorized: true,
    bodyMode: { mode: 'whole' },
  };
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) {
        const outcome = await transport.send(request).result;
        if (outcome.kind !== 'response' || outcome.status !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0) throw new Error(`${failed} of ${count} requests failed`);
  return count / seconds;
}

async function main(): Promise<void> {
  const receiver = await startReceiverProcess();
  const url = `${receiver.url}/hook`;
  const names = Object.keys(TRANSPORTS);
  const transports = Object.fromEntries(names.map((name) => [name, TRANSPORTS[name]!()]));
  try {
    for (const name of names) await run(transports[name]!, url, 16, 2000); // warm up the JIT and the pools
    console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}`);
    console.log(`${N} POSTs of ${BODY.length} bytes per run, median of ${RUNS} runs, receiver in a child process\n`);
    console.log(`| in flight | ${names.map((n) => `${n} req/s`).join(' | ')} | undici / got |`);
    console.log(`|---|${names.map(() => '---').join('|')}|---|`);
    for (const inFlight of LEVELS) {
      const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let r = 0; r < RUNS; r++) for (const name of names) rates[name]!.push(await run(transports[name]!, url, inFlight, N));
      const m = Object.fromEntries(names.map((n) => [n, median(rates[n]!)]));
      console.log(`| ${inFlight} | ${names.map((n) => m[n]!.toFixed(0)).join(' | ')} | ${(m.undici! / m.got!).toFixed(1)}x |`);
    }
    const expected = names.length * (2000 + LEVELS.length * RUNS * N);
    const count = await receiver.count();
    if (count !== expected) throw new Error(`receiver counted ${count} requests, expected ${expected}`);
  } finally {
    for (const t of Object.values(transports)) t.close();
    receiver.close();
  }
}

await main();
