import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { configSchema } from '../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';
import { createEmulator } from '../src/emulator.js';
import { startReceiverProcess } from './receiver-process.js';

/**
 * Delivery throughput with 0, 1 and 100 `/_emulator/stream` clients (in another process, reading
 * everything). Target: 100 clients cost less than 20 %. `npm run bench -- sse`, or
 * `npx tsx bench/sse.ts` alone.
 */
const N = Number(process.env.BENCH_N ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = [0, 1, 100];

/** N stream clients in their own process; prints "ready" once all are connected, counts bytes. */
const CLIENT_SOURCE = `
const http = require('node:http');
const [url, n] = [process.argv[1], Number(process.argv[2])];
let open = 0, bytes = 0;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
for (let i = 0; i < n; i++) {
  http.get(url, { agent }, (res) => {
    res.on('data', (d) => { bytes += d.length; });
    if (++open === n) process.stdout.write('ready\\n');
  });
}
process.on('message', (m) => { if (m === 'bytes') process.send(bytes); });
`;

async function streamClients(url: string, n: number): Promise<{ bytes(): Promise<number>; close(): void }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CLIENT_SOURCE, url, String(n)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('error', reject);
  });
  return {
    bytes: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as number));
        child.send('bytes');
      }),
    close: () => child.kill(),
  };
}

interface RunResult {
  perSecond: number;
  streamed: number;
  /** This process's CPU time (user + system) per delivery, in µs: the emulator's own cost. */
  cpuUsPerDelivery: number;
  /** Of which system time (the kernel moving the bytes), µs per delivery. */
  systemUsPerDelivery: number;
}

async function run(hookUrl: string, clients: number): Promise<RunResult> {
  const config = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, delivery: { journal: { maxDeliveries: 100_000 }, retry: { schedule: [] } } });
  const emu = createEmulator({ ...config, seed: 1 });
  const url = await emu.listen();
  emu.subscriptions.subscribe(DEFAULT_API_KEY, hookUrl, 'customer_created');
  const streams = clients > 0 ? await streamClients(`${url}/_emulator/stream`, clients) : undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let done = 0; done < N; done += 1000) emu.events.trigger({ type: 'customer_created', count: Math.min(1000, N - done) });
  const { timedOut } = await emu.delivery.waitFor({ state: ['delivered', 'failed'] }, N, 300_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Let the last events reach the clients before counting what they read.
  await new Promise((r) => setTimeout(r, 500));
  const streamed = streams ? await streams.bytes() : 0;
  streams?.close();
  await emu.close();
  if (timedOut) throw new Error(`sse bench: not all ${N} deliveries settled`);
  return { perSecond: N / seconds, streamed, cpuUsPerDelivery: (cpu.user + cpu.system) / N, systemUsPerDelivery: cpu.system / N };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchSse(log: (line: string) => void): Promise<string> {
  const receiver = await startReceiverProcess();
  const hookUrl = `${receiver.url}/hook`;
  try {
    await run(hookUrl, 0); // warm up
    const results = new Map<number, RunResult>();
    for (const clients of CLIENTS) {
      const runs: RunResult[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run(hookUrl, clients));
      const perSecond = median(runs.map((r) => r.perSecond));
      const cpuUsPerDelivery = median(runs.map((r) => r.cpuUsPerDelivery));
      results.set(clients, { perSecond, streamed: median(runs.map((r) => r.streamed)), cpuUsPerDelivery, systemUsPerDelivery: median(runs.map((r) => r.systemUsPerDelivery)) });
      log(`sse: ${clients} clients: ${perSecond.toFixed(0)} deliveries/s, ${cpuUsPerDelivery.toFixed(0)} µs CPU per delivery`);
    }
    const base = results.get(0)!.perSecond;
    return [
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. ${N} deliveries (triggers of 1000 customer_created, one subscription, a bare node:http receiver in another process), median of ${RUNS} runs; stream clients in another process read everything (no payloads).`,
      '',
      '| stream clients | deliveries/s | vs 0 clients | emulator CPU per delivery (of which kernel) | bytes streamed per client |',
      '|---|---|---|---|---|',
      ...CLIENTS.map((c) => {
        const r = results.get(c)!;
        return `| ${c} | ${r.perSecond.toFixed(0)} | ${((r.perSecond / base) * 100).toFixed(0)} % | ${r.cpuUsPerDelivery.toFixed(0)} µs (${r.systemUsPerDelivery.toFixed(0)} µs) | ${c === 0 ? '-' : Math.round(r.streamed / c)} |`;
      }),
    ].join('\n');
  } finally {
    receiver.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await benchSse((l) => process.stderr.write(`  ${l}\n`))}\n`);
}
