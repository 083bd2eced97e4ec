/**
 * Soak and chaos benches (`npm run bench -- soak`):
 *
 * - chaos: 100 000 deliveries through random faults and a flaky receiver, reconciled (every
 *   delivery ends in one terminal state; the journal's successes match the receiver's 2xx answers);
 * - schedule: a 100 events/s schedule for SOAK_SECONDS (default 60) with RSS sampled every second;
 *   the 10-minute run is `SOAK_SECONDS=600 node --expose-gc --import tsx bench/soak.ts schedule`
 *   (--expose-gc adds the live heap every 10 s);
 * - kill9: kill -9 in a loop with a data dir while triggers are answered; after every restart each
 *   answered event is in the journal and no id is issued twice.
 *
 *   npx tsx bench/soak.ts [chaos|schedule|kill9 ...]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { configSchema, type ConfigInput } from '../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';
import { createEmulator } from '../src/emulator.js';

const ROOT = new URL('../', import.meta.url).pathname;

/** A receiver in its own process that answers 2xx, 500, 503 or resets, from a fixed LCG; counts what it answered. */
const FLAKY_SOURCE = `
const http = require('node:http');
let seed = 12345, ok = 0, errors = 0, resets = 0, requests = 0;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const server = http.createServer({ keepAliveTimeout: 10000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    let body; try { body = JSON.parse(Buffer.concat(chunks).toString()); } catch { body = undefined; }
    if (body === undefined) { errors++; res.writeHead(400); return res.end('bad json'); }
    const x = next();
    if (x < 0.1) { errors++; res.writeHead(500); return res.end('oops'); }
    if (x < 0.13) { errors++; res.writeHead(503, { 'retry-after': '0' }); return res.end('busy'); }
    if (x < 0.15) { resets++; return req.socket.destroy(); }
    ok++; res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.on('message', (m) => { if (m === 'counts') process.send({ ok, errors, resets, requests }); });
`;

interface Flaky {
  url: string;
  counts(): Promise<{ ok: number; errors: number; resets: number; requests: number }>;
  close(): void;
}

async function startFlaky(): Promise<Flaky> {
  const child = spawn(process.execPath, ['-e', FLAKY_SOURCE], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as Awaited<ReturnType<Flaky['counts']>>));
        child.send('counts');
      }),
    close: () => child.kill(),
  };
}

function emulator(config: ConfigInput) {
  const parsed = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, ...config });
  return createEmulator({ ...parsed, seed: 1 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 100 000 deliveries with random faults and a flaky receiver, reconciled. */
export async function benchChaos(log: (line: string) => void, total = Number(process.env.CHAOS_DELIVERIES ?? 100_000)): Promise<string> {
  const flaky = await startFlaky();
  const emu = emulator({
    delivery: {
      timeoutMs: 2000,
      concurrency: { max: 64, perHost: 64 },
      retry: { schedule: [20, 50, 100] },
      journal: { maxDeliveries: total + 1000 },
      faults: { drop: 0.02, duplicate: 0.02, reorder: 0.05, reorderWindowMs: 50, abort: 0.02, truncate: 0.01, malformedJson: 0.01, wrongContentType: 0.01 },
    },
  });
  try {
    emu.subscriptions.subscribe(DEFAULT_API_KEY, `${flaky.url}/hook`, 'customer_created');
    const t0 = performance.now();
    let made = 0;
    let refused = 0;
    while (made < total) {
      // Keep the backlog bounded, as a load generator honouring back-pressure would.
      if (emu.delivery.stats().pending > 20_000) {
        await sleep(20);
        continue;
      }
      try {
        made += emu.events.trigger({ type: 'customer_created', count: Math.min(1000, total - made) }).deliveries.length;
      } catch {
        refused++;
        await sleep(20);
      }
      await sleep(0);
    }
    const { timedOut } = await emu.delivery.waitFor({ state: ['delivered', 'failed', 'dropped', 'cancelled'] }, total, 900_000);
    const seconds = (performance.now() - t0) / 1000;
    const stats = emu.delivery.stats();
    const counts = await flaky.counts();
    let journalSuccesses = 0;
    let journalTimeouts = 0;
    for (const d of emu.delivery.query({}).deliveries) {
      for (const a of d.attempts) {
        if (a.outcome === 'success') journalSuccesses++;
        if (a.outcome === 'timeout') journalTimeouts++;
      }
    }
    const terminal = stats.delivered + stats.failed + stats.dropped + stats.cancelled;
    // A 2xx that reached the sender past timeoutMs is a timeout in the journal.
    const reconciled = !timedOut && stats.pending === 0 && terminal === total && journalSuccesses <= counts.ok && counts.ok <= journalSuccesses + journalTimeouts;
    log(`chaos: ${total} deliveries in ${seconds.toFixed(0)} s; reconciled ${reconciled}`);
    return [
      `${total} deliveries (one subscription, triggers of 1000 kept under 20 000 pending), faults drop/duplicate/abort 2 %, reorder 5 %, truncate/malformedJson/wrongContentType 1 %, retries [20, 50, 100] ms; a receiver in another process answering 10 % 500, 3 % 503, 2 % resets, 400 for bad JSON.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| wall time | ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} deliveries/s) |`,
      `| delivered / failed / dropped / cancelled / pending | ${stats.delivered} / ${stats.failed} / ${stats.dropped} / ${stats.cancelled} / ${stats.pending} |`,
      `| attempts | ${stats.attempts.total} |`,
      `| receiver: requests / 2xx / errors / resets | ${counts.requests} / ${counts.ok} / ${counts.errors} / ${counts.resets} |`,
      `| journal successes (+ timeouts) | ${journalSuccesses} (+ ${journalTimeouts}) |`,
      `| triggers refused by back-pressure | ${refused} |`,
      `| **reconciled** (one terminal state each; journal successes <= receiver 2xx <= successes + timeouts) | **${reconciled ? 'yes' : 'NO'}** |`,
    ].join('\n');
  } finally {
    await emu.close();
    flaky.close();
  }
}

/**
 * A 100 events/s schedule for `seconds`: RSS sampled every second and, when the process runs with
 * `--expose-gc`, the live heap (after a forced GC) every 10 s, which is what tells growth from GC
 * noise. The world's cap is SOAK_WORLD_CAP customers per account (default 5 000, reached after
 * ~100 s with half the events creating a customer), so both caps are reached early and the rest
 * of the run is steady state.
 */
export async function benchScheduleSoak(log: (line: string) => void, seconds = Number(process.env.SOAK_SECONDS ?? 60)): Promise<string> {
  const worldCap = Number(process.env.SOAK_WORLD_CAP ?? 5000);
  const flaky = await startFlaky();
  const emu = emulator({ delivery: { retry: { schedule: [50] }, journal: { maxDeliveries: 10_000 } }, world: { maxCustomers: worldCap } });
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    emu.subscriptions.subscribe(DEFAULT_API_KEY, `${flaky.url}/hook`, 'customer_created');
    emu.subscriptions.subscribe(DEFAULT_API_KEY, `${flaky.url}/hook`, 'customer_status_change');
    emu.schedules.start({ types: { customer_created: 1, customer_status_change: 1 }, ratePerMinute: 6000 });
    const samples: Array<{ t: number; rss: number; heap: number }> = [];
    const live: Array<{ t: number; heap: number; rss: number }> = [];
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      await sleep(1000);
      const m = process.memoryUsage();
      const t = (Date.now() - t0) / 1000;
      samples.push({ t, rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
      if (gc && samples.length % 10 === 0) {
        gc();
        const after = process.memoryUsage();
        live.push({ t, heap: after.heapUsed / 2 ** 20, rss: after.rss / 2 ** 20 });
        log(`  ${t.toFixed(0)} s: live heap ${(after.heapUsed / 2 ** 20).toFixed(1)} MB, RSS ${(after.rss / 2 ** 20).toFixed(0)} MB, journal ${emu.delivery.stats().journal.size}`);
      }
    }
    const [schedule] = emu.schedules.list();
    const stats = emu.delivery.stats();
    // Growth after the first 20 % (warm-up: the journal and the world fill to their caps).
    const steady = samples.slice(Math.floor(samples.length * 0.2));
    const first = steady[0]!;
    const last = steady.at(-1)!;
    const perMinute = ((last.rss - first.rss) / Math.max(1, last.t - first.t)) * 60;
    const maxRss = Math.max(...samples.map((s) => s.rss));
    log(`schedule soak: ${seconds} s, ${schedule?.emitted} events, RSS ${samples[0]!.rss.toFixed(0)} -> ${last.rss.toFixed(0)} MB (max ${maxRss.toFixed(0)})`);
    const at = (f: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * f))]!;
    const rows = [
      `A 100 events/s schedule (customer_created and customer_status_change) for ${seconds} s, two subscriptions on a flaky receiver, journal cap 10 000, world cap ${worldCap} customers per account. RSS sampled every second${gc ? ', live heap (after a forced GC) every 10 s' : ''}.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| events emitted / deliveries made | ${schedule?.emitted} / ${stats.total} |`,
      `| skipped ticks (back-pressure) / errors | ${schedule?.skipped} / ${schedule?.errors} |`,
      `| RSS at 1 s / 25 % / 50 % / 75 % / end | ${[samples[0]!, at(0.25), at(0.5), at(0.75), last].map((s) => s.rss.toFixed(0)).join(' / ')} MB |`,
      `| heap used at the end | ${last.heap.toFixed(0)} MB |`,
      `| max RSS | ${maxRss.toFixed(0)} MB |`,
      `| RSS growth after warm-up | ${perMinute.toFixed(1)} MB/min |`,
    ];
    if (live.length >= 4) {
      // Steady state: from the first sample after both caps are full (~2 x the world cap / 50 events/s).
      const capsAt = Math.max(100, (worldCap / 50) * 1.2);
      const after = live.filter((l) => l.t >= capsAt);
      const a = after[0];
      const b = after.at(-1);
      rows.push(`| live heap every 10 s (MB) | ${live.map((l) => l.heap.toFixed(0)).join(' ')} |`);
      if (a && b && b.t > a.t) {
        rows.push(`| live heap from ${a.t.toFixed(0)} s (both caps full) to the end | ${a.heap.toFixed(1)} -> ${b.heap.toFixed(1)} MB (${(((b.heap - a.heap) / (b.t - a.t)) * 60).toFixed(2)} MB/min), max ${Math.max(...after.map((l) => l.heap)).toFixed(1)} MB |`);
      }
    }
    return rows.join('\n');
  } finally {
    await emu.close();
    flaky.close();
  }
}

/** The CLI as a process on a data dir; resolves with its URL. */
async function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--port', '0', '--seed', '1', '--data-dir', dataDir, '--log-level', 'silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      rl.close();
      resolve(line.replace('solarproof-mock listening on ', ''));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, url };
}

/** kill -9 in a loop with a data dir, while triggers are answered. */
export async function benchKill9(log: (line: string) => void, rounds = Number(process.env.KILL9_ROUNDS ?? 10)): Promise<string> {
  const flaky = await startFlaky();
  const dataDir = mkdtempSync(join(tmpdir(), 'spmock-kill9-'));
  const answered = new Set<string>();
  let lost = 0;
  let reissued = 0;
  let resumed = 0;
  const restartMs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const t0 = performance.now();
      const { child, url } = await startCli(dataDir);
      restartMs.push(performance.now() - t0);
      if (round === 0) {
        await fetch(`${url}/apidata.php?action=subscribe_customer&api_key=${DEFAULT_API_KEY}`, { method: 'POST', body: JSON.stringify({ hookUrl: `${flaky.url}/hook`, type_request: 'customer_created' }) });
        await fetch(`${url}/_emulator/config`, { method: 'PATCH', body: JSON.stringify({ delivery: { retry: { schedule: [500, 500, 500] } } }) });
      } else {
        // Everything answered before the kill is there; nothing is issued twice.
        const state = (await (await fetch(`${url}/_emulator/state`)).json()) as { deliveries: { deliveries: Array<{ event: { id: string }; state: string }> } };
        const ids = new Set(state.deliveries.deliveries.map((d) => d.event.id));
        for (const id of answered) if (!ids.has(id)) lost++;
        resumed += state.deliveries.deliveries.filter((d) => d.state === 'pending').length;
      }
      // Triggers as fast as answered, killed at a moment that depends on the round.
      let stop = false;
      const killAt = 300 + ((round * 137) % 700);
      const killer = sleep(killAt).then(() => {
        stop = true;
        child.kill('SIGKILL');
      });
      while (!stop) {
        try {
          const res = await fetch(`${url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created', count: 5 }) });
          const body = (await res.json()) as { events?: Array<{ id: string }> };
          for (const e of body.events ?? []) {
            if (answered.has(e.id)) reissued++;
            answered.add(e.id);
          }
        } catch {
          break; // killed mid-request: not answered, so nothing is promised
        }
      }
      await killer;
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
    }
    const median = [...restartMs].sort((a, b) => a - b)[Math.floor(restartMs.length / 2)]!;
    log(`kill9: ${rounds} rounds, ${answered.size} answered events, lost ${lost}, reissued ${reissued}`);
    return [
      `${rounds} rounds of: start the CLI on one data dir, trigger 5 customer_created at a time as fast as answered, kill -9 after 0.3-1 s. After each restart, every event id the killed emulator had answered must be in the journal, and no event id may come back twice.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| events answered over all rounds | ${answered.size} |`,
      `| answered events missing after a restart | ${lost} |`,
      `| event ids issued twice | ${reissued} |`,
      `| pending deliveries found at restarts (resumed) | ${resumed} |`,
      `| start-up to "listening" (median, tsx) | ${median.toFixed(0)} ms |`,
    ].join('\n');
  } finally {
    flaky.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv.slice(2);
  const log = (l: string) => process.stderr.write(`  ${l}\n`);
  const all = which.length === 0;
  if (all || which.includes('chaos')) process.stdout.write(`## chaos\n\n${await benchChaos(log)}\n\n`);
  if (all || which.includes('schedule')) process.stdout.write(`## schedule soak\n\n${await benchScheduleSoak(log)}\n\n`);
  if (all || which.includes('kill9')) process.stdout.write(`## kill -9 loop\n\n${await benchKill9(log)}\n\n`);
}
