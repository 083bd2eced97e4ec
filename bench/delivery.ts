import { Agent } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { got } from 'got';
import { configSchema } from '../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';
import { createEmulator } from '../src/emulator.js';
import type { AccountEvent } from '../src/core/event.js';
import { startReceiverProcess, type ReceiverProcess } from './receiver-process.js';

const N = Number(process.env.BENCH_N ?? 6000);
const LEVELS = [16, 32, 64];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A ~1 KB JSON body, like a v2 customer_created payload. */
const PAYLOAD = {
  customer_id: 48213,
  customer_uid: '9f3a1c2e',
  first_name: 'Ana',
  surname: 'Smith',
  customer_name: 'Ana Smith',
  phone_primary: '0412345678',
  customer_email: 'ana.smith@example.com',
  site_address: '45 Thuringowa Dr, Kirwan QLD 4817, Australia',
  customer_notes: 'x'.repeat(700),
};
const BODY = JSON.stringify(PAYLOAD);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

/** The baseline: got with the engine's own settings, in a loop of `concurrency` workers. */
async function bareGot(url: string, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, timeout: 4000, scheduling: 'lifo', maxSockets: 64, maxFreeSockets: 64 });
  const client = got.extend({ agent: { http: agent }, retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false, decompress: false, responseType: 'text' });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < N) {
        await client.post(url, { body: BODY, headers: { 'content-type': 'application/json', 'user-agent': 'bench' }, timeout: { request: 5000 } });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return N / seconds;
}

function event(i: number): AccountEvent {
  return { id: `evt_${i}`, type: 'customer_created', apiKey: DEFAULT_API_KEY, payloadVersion: 'v2', payload: PAYLOAD, body: BODY, occurredAt: '2026-01-01T00:00:00.000Z', subject: { customerId: i } };
}

function emulator(delivery: Record<string, unknown>) {
  const config = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, delivery: { journal: { maxDeliveries: 100_000 }, retry: { schedule: [] }, ...delivery } });
  return createEmulator({ ...config, seed: 1 });
}

/** The engine: N events to one subscription, with at most `concurrency` attempts in flight. */
async function engine(url: string, concurrency: number): Promise<number> {
  const emu = emulator({ concurrency: { max: concurrency, perHost: concurrency } });
  emu.subscriptions.subscribe(DEFAULT_API_KEY, url, 'customer_created');
  const t0 = performance.now();
  for (let i = 0; i < N; i++) emu.delivery.deliver(event(i));
  const { timedOut } = await emu.delivery.waitFor({ state: ['delivered', 'failed'] }, N, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  const stats = emu.delivery.stats();
  await emu.close();
  if (timedOut || stats.delivered !== N) throw new Error(`engine bench: ${stats.delivered}/${N} delivered`);
  return N / seconds;
}

/** Lateness of attempts against their injected latency: startedAt - createdAt - latencyMs. */
async function latencyAccuracy(url: string, count: number, spreadMs: number): Promise<{ p50: number; p99: number; max: number }> {
  const emu = emulator({ latency: { distribution: 'uniform', minMs: 20, maxMs: 200 }, concurrency: { max: 32, perHost: 32 } });
  emu.subscriptions.subscribe(DEFAULT_API_KEY, url, 'customer_created');
  for (let i = 0; i < count; i++) {
    emu.delivery.deliver(event(i));
    if (spreadMs > 0) await new Promise((r) => setTimeout(r, spreadMs));
  }
  await emu.delivery.waitFor({ state: ['delivered', 'failed'] }, count, 60_000);
  const lateness = emu.delivery.query({}).deliveries.map((d) => d.attempts[0]!.startedAt - d.createdAt - (d.attempts[0]!.latencyMs ?? 0));
  await emu.close();
  return { p50: quantile(lateness, 0.5), p99: quantile(lateness, 0.99), max: Math.max(...lateness) };
}

/** Deliveries per second against a bare got loop, and injected-latency accuracy. Returns Markdown. */
export default async function deliveryBench(log: (line: string) => void): Promise<string> {
  const receiver: ReceiverProcess = await startReceiverProcess();
  const url = `${receiver.url}/hook`;
  try {
    await bareGot(url, 16); // warm up got, the agent and the JIT
    await engine(url, 16);
    const rows: string[] = [];
    for (const c of LEVELS) {
      const bare: number[] = [];
      const ours: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        bare.push(await bareGot(url, c));
        ours.push(await engine(url, c));
      }
      const b = median(bare);
      const e = median(ours);
      log(`delivery: ${c} in flight: bare got ${b.toFixed(0)}/s, engine ${e.toFixed(0)}/s (${((e / b) * 100).toFixed(0)} %)`);
      rows.push(`| ${c} | ${b.toFixed(0)} | ${e.toFixed(0)} | ${((e / b) * 100).toFixed(0)} % |`);
    }
    const idle = await latencyAccuracy(url, 300, 5);
    const busy = await latencyAccuracy(url, 2000, 1);
    log(`delivery: latency lateness idle p50 ${idle.p50} p99 ${idle.p99}; busy p50 ${busy.p50} p99 ${busy.p99}`);
    return [
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${process.platform}.`,
      `Receiver: bare node:http in a separate process; ${N} deliveries of a ${BODY.length}-byte JSON body per run, median of ${RUNS} runs.`,
      '',
      '| attempts in flight | bare got loop (req/s) | delivery engine (deliveries/s) | engine / bare |',
      '|---|---|---|---|',
      ...rows,
      '',
      'Injected latency accuracy (uniform 20-200 ms; lateness = actual start - configured delay, ms):',
      '',
      '| load | p50 | p99 | max |',
      '|---|---|---|---|',
      `| idle: 300 deliveries, one every 5 ms | ${idle.p50} | ${idle.p99} | ${idle.max} |`,
      `| busy: 2000 deliveries, one every ~1 ms (sending continuously) | ${busy.p50} | ${busy.p99} | ${busy.max} |`,
    ].join('\n');
  } finally {
    receiver.close();
  }
}
