import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { systemClock } from '../src/core/clock.js';
import type { Delivery } from '../src/delivery/delivery.js';
import type { ChangeListener } from '../src/delivery/delivery-journal.js';
import { deliveryStreamQuery, streamFormOf } from '../src/http/control/delivery-query.js';
import { createDeliveryStreams } from '../src/http/control/delivery-stream.js';
import { configSchema } from '../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';
import { createEmulator } from '../src/emulator.js';
import { startReceiverProcess } from './receiver-process.js';

/**
 * Delivery throughput with 0, 1 and 100 `/_emulator/stream` clients (in another process, reading
 * everything). Target: 100 clients cost less than 20 %. `npm run bench -- sse`, or
 * `npx tsx bench/sse.ts` alone.
 *
 * The machine is shared and noisy, so the client counts are interleaved: each round runs every
 * count once (in a rotating order), each ratio is taken against the 0-client run of its own round,
 * and the table gives medians over the rounds. Besides deliveries/s it reports the emulator's CPU
 * per delivery (user + kernel, this process), which is steadier than wall time when other work
 * shares the cores, and the readers' CPU per delivery (their process).
 *
 * A second table measures the stream alone: the same three changes per delivery, shaped as the
 * engine's, fed straight into the stream hub (no engine, no receiver), so its CPU per delivery is
 * what the clients cost, with less noise from the rest.
 *
 * BENCH_N deliveries per run (default 6000), BENCH_RUNS rounds (default 3), BENCH_CLIENTS the
 * counts (default "0,1,100"), BENCH_STREAM_QUERY a query string for the stream URL (default none:
 * every change, no payloads).
 */
const N = Number(process.env.BENCH_N ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '0,1,100').split(',').map(Number);
const QUERY = process.env.BENCH_STREAM_QUERY ?? '';

/**
 * N stream clients in their own process; prints "ready" once all are connected. Asked "stats",
 * answers the bytes read so far, how many streams the emulator ended (a reader that fell more than
 * 4 MB behind is sent `event: overflow` and cut off) and the process's CPU.
 */
const CLIENT_SOURCE = `
const http = require('node:http');
const [url, n] = [process.argv[1], Number(process.argv[2])];
let open = 0, bytes = 0, ended = 0;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
for (let i = 0; i < n; i++) {
  http.get(url, { agent }, (res) => {
    res.on('data', (d) => { bytes += d.length; });
    res.on('end', () => { ended++; });
    if (++open === n) process.stdout.write('ready\\n');
  });
}
const cpu0 = process.cpuUsage();
process.on('message', (m) => {
  if (m === 'stats') process.send({ bytes, ended, cpu: process.cpuUsage(cpu0) });
});
`;

interface ClientStats {
  bytes: number;
  ended: number;
  cpu: NodeJS.CpuUsage;
}

async function streamClients(url: string, n: number): Promise<{ stats(): Promise<ClientStats>; close(): void }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CLIENT_SOURCE, url, String(n)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('error', reject);
  });
  return {
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as ClientStats));
        child.send('stats');
      }),
    close: () => child.kill(),
  };
}

interface RunResult {
  perSecond: number;
  /** Bytes read per client. */
  streamedPerClient: number;
  /** This process's CPU time (user + system) per delivery, in µs: the emulator's own cost. */
  cpuUsPerDelivery: number;
  /** Of which system time (the kernel moving the bytes), µs per delivery. */
  systemUsPerDelivery: number;
  /** The reader process's CPU (user + system) per delivery, µs. */
  readersUsPerDelivery: number;
  /** Readers the emulator cut off before the end (too slow: `event: overflow`); their bytes and work are missing. */
  cutOff: number;
}

async function run(hookUrl: string, clients: number): Promise<RunResult> {
  const config = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, delivery: { journal: { maxDeliveries: 100_000 }, retry: { schedule: [] } } });
  const emu = createEmulator({ ...config, seed: 1 });
  const url = await emu.listen();
  emu.subscriptions.subscribe(DEFAULT_API_KEY, hookUrl, 'customer_created');
  const streams = clients > 0 ? await streamClients(`${url}/_emulator/stream${QUERY ? `?${QUERY}` : ''}`, clients) : undefined;
  const before = streams ? await streams.stats() : undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let done = 0; done < N; done += 1000) emu.events.trigger({ type: 'customer_created', count: Math.min(1000, N - done) });
  const { timedOut } = await emu.delivery.waitFor({ state: ['delivered', 'failed'] }, N, 300_000);
  const seconds = (performance.now() - t0) / 1000;
  // Until the readers have everything (their byte count stops growing), the emulator is still
  // writing: its CPU counts until then.
  let after = streams ? await streams.stats() : undefined;
  for (let still = 0; streams && still < 3; ) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await streams.stats();
    still = now.bytes === after!.bytes ? still + 1 : 0;
    after = now;
  }
  const cpu = process.cpuUsage(cpu0);
  const cutOff = after?.ended ?? 0;
  streams?.close();
  await emu.close();
  if (timedOut) throw new Error(`sse bench: not all ${N} deliveries settled`);
  if (streams && after!.bytes === 0) throw new Error('sse bench: the stream clients read nothing');
  const readersCpu = before && after ? after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system : 0;
  return {
    perSecond: N / seconds,
    streamedPerClient: clients > 0 ? after!.bytes / clients : 0,
    cpuUsPerDelivery: (cpu.user + cpu.system) / N,
    systemUsPerDelivery: cpu.system / N,
    readersUsPerDelivery: readersCpu / N,
    cutOff,
  };
}

/** The stream hub alone: N deliveries' changes at about 5000 deliveries/s; this process's CPU per delivery until the readers have it all. */
async function hubRun(clients: number): Promise<{ userUs: number; systemUs: number; perClient: number }> {
  let emit: ChangeListener = () => {};
  const streams = createDeliveryStreams({
    delivery: {
      onChange: (l) => {
        emit = l;
        return () => {};
      },
    },
    wallClock: systemClock,
  });
  // The form BENCH_STREAM_QUERY names, read as the route reads it (filters are not applied here).
  const form = streamFormOf(deliveryStreamQuery.parse(Object.fromEntries(new URLSearchParams(QUERY))));
  const server = createServer((req, res) => streams.open(req as never, res as never, {}, form));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const readers = await streamClients(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, clients);
  const now = Date.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i += 25) {
    for (let j = i; j < Math.min(N, i + 25); j++) {
      const created: Delivery = { id: `dlv_${j + 1}`, event: { id: `evt_${j + 1}`, type: 'customer_created', apiKey: DEFAULT_API_KEY, body: '{}' }, hookUrl: 'http://127.0.0.1:40000/hook', apiKey: DEFAULT_API_KEY, subscriptionId: 'sub_1', state: 'pending', attempts: [], createdAt: now };
      emit(created, 'created');
      const tried: Delivery = { ...created, attempts: [{ number: 1, startedAt: now, durationMs: 17, outcome: 'success', status: 200, responseBody: '{"ok":true}' }] };
      emit(tried, 'attempt');
      emit({ ...tried, state: 'delivered', settledAt: now + 20 }, 'settled');
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  let last = -1;
  for (let bytes = (await readers.stats()).bytes; bytes !== last; bytes = (await readers.stats()).bytes) {
    last = bytes;
    await new Promise((r) => setTimeout(r, 50));
  }
  const cpu = process.cpuUsage(cpu0);
  const { ended } = await readers.stats();
  if (ended > 0) process.stderr.write(`  sse hub alone: ${ended} of ${clients} readers were cut off (too slow); the numbers undercount\n`);
  readers.close();
  server.closeAllConnections();
  server.close();
  return { userUs: cpu.user / N, systemUs: cpu.system / N, perClient: last / clients };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchSse(log: (line: string) => void): Promise<string> {
  const receiver = await startReceiverProcess();
  const hookUrl = `${receiver.url}/hook`;
  const load0 = loadavg()[0]!;
  try {
    // Warm up every path (the JIT, the stream code) before anything is measured.
    for (const c of [0, Math.max(...CLIENTS)]) await run(hookUrl, c);
    const byCount = new Map<number, RunResult[]>(CLIENTS.map((c) => [c, []]));
    /** Per round: deliveries/s with c clients over the same round's 0-client run. */
    const ratios = new Map<number, number[]>(CLIENTS.map((c) => [c, []]));
    for (let round = 0; round < RUNS; round++) {
      const order = CLIENTS.map((_, i) => CLIENTS[(i + round) % CLIENTS.length]!);
      const thisRound = new Map<number, RunResult>();
      for (const c of order) {
        const r = await run(hookUrl, c);
        thisRound.set(c, r);
        byCount.get(c)!.push(r);
      }
      const base = thisRound.get(0)?.perSecond;
      for (const c of CLIENTS) if (base) ratios.get(c)!.push(thisRound.get(c)!.perSecond / base);
      for (const c of CLIENTS) {
        const cut = thisRound.get(c)!.cutOff;
        if (cut > 0) log(`sse: ${cut} of ${c} readers were cut off (too slow to follow: event: overflow); this run undercounts their cost`);
      }
      log(
        `sse round ${round + 1}/${RUNS} (load ${loadavg()[0]!.toFixed(2)}): ` +
          CLIENTS.map((c) => {
            const r = thisRound.get(c)!;
            return `${c} clients ${r.perSecond.toFixed(0)}/s ${r.cpuUsPerDelivery.toFixed(0)} µs`;
          }).join(', '),
      );
    }
    const hubCounts = CLIENTS.filter((c) => c > 0);
    const hub = new Map<number, Array<{ userUs: number; systemUs: number; perClient: number }>>(hubCounts.map((c) => [c, []]));
    for (let round = 0; round < RUNS; round++) for (const c of round % 2 ? [...hubCounts].reverse() : hubCounts) hub.get(c)!.push(await hubRun(c));
    log(`sse hub alone: ${hubCounts.map((c) => `${c} clients ${median(hub.get(c)!.map((r) => r.userUs + r.systemUs)).toFixed(0)} µs`).join(', ')}`);
    const load1 = loadavg()[0]!;
    return [
      `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, 1-minute load ${load0.toFixed(2)} before, ${load1.toFixed(2)} after. ` +
        `${N} deliveries per run (triggers of 1000 customer_created, one subscription, a bare node:http receiver in another process); ` +
        `stream clients in another process read everything (${QUERY ? `query \`${QUERY}\`` : 'default form: every change, no payloads'}). ` +
        `${RUNS} rounds, each running every client count once; medians over the rounds, each ratio against the 0-client run of its own round.`,
      '',
      '| stream clients | deliveries/s | vs 0 clients | emulator CPU per delivery (of which kernel) | readers\' CPU per delivery | bytes streamed per client | readers cut off (overflow) |',
      '|---|---|---|---|---|---|---|',
      ...CLIENTS.map((c) => {
        const rs = byCount.get(c)!;
        const ratio = ratios.get(c)!;
        const m = (f: (r: RunResult) => number) => median(rs.map(f));
        return `| ${c} | ${m((r) => r.perSecond).toFixed(0)} | ${ratio.length ? `${(median(ratio) * 100).toFixed(0)} % (${(Math.min(...ratio) * 100).toFixed(0)}-${(Math.max(...ratio) * 100).toFixed(0)})` : '-'} | ${m((r) => r.cpuUsPerDelivery).toFixed(0)} µs (${m((r) => r.systemUsPerDelivery).toFixed(0)} µs) | ${c === 0 ? '-' : `${m((r) => r.readersUsPerDelivery).toFixed(0)} µs`} | ${c === 0 ? '-' : Math.round(m((r) => r.streamedPerClient))} | ${c === 0 ? '-' : rs.map((r) => r.cutOff).join(', ')} |`;
      }),
      '',
      `The stream alone (${N} deliveries' changes fed straight into the stream hub at about 5000 deliveries/s, no engine; medians of ${RUNS}):`,
      '',
      '| stream clients | stream CPU per delivery (user + kernel) | bytes per client |',
      '|---|---|---|',
      ...hubCounts.map((c) => {
        const rs = hub.get(c)!;
        return `| ${c} | ${median(rs.map((r) => r.userUs + r.systemUs)).toFixed(0)} µs (${median(rs.map((r) => r.userUs)).toFixed(0)} + ${median(rs.map((r) => r.systemUs)).toFixed(0)}) | ${Math.round(median(rs.map((r) => r.perClient)))} |`;
      }),
    ].join('\n');
  } finally {
    receiver.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await benchSse((l) => process.stderr.write(`  ${l}\n`))}\n`);
}
