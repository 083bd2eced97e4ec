import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/start-emulator.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';

/**
 * Issue 21: what a data dir costs as the journal grows. A journal of N settled deliveries is
 * made once (1 000 real deliveries, copied with new ids up to N) and loaded with `importState`
 * into an emulator with and without `--data-dir`; then TRIGGERS sequential triggers (one event,
 * one subscription, a local receiver) while a second loop asks `/health` as fast as answered.
 */
const SIZES = (process.env.PERSIST_SIZES ?? '1000,10000,100000').split(',').map(Number);
const TRIGGERS = Number(process.env.PERSIST_TRIGGERS ?? 200);

interface Doc {
  catalogue: { nextEventId: number };
  deliveries: { counter: number; deliveries: Array<{ id: string; event: { id: string } }> };
}

function receiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` })));
}

/** A document whose journal holds `n` settled deliveries, copied from `base`'s with rising ids. */
function grown(base: Doc, n: number): Doc {
  const src = base.deliveries.deliveries;
  const deliveries = Array.from({ length: n }, (_, i) => ({ ...src[i % src.length]!, id: `dlv_${i + 1}`, event: { ...src[i % src.length]!.event, id: `evt_${i + 1}` } }));
  return { ...base, catalogue: { ...base.catalogue, nextEventId: n + 1 }, deliveries: { counter: n, deliveries } };
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function measure(emu: RunningEmulator): Promise<{ p50: number; p99: number; health99: number }> {
  const times: number[] = [];
  const health: number[] = [];
  let done = false;
  const healthLoop = (async () => {
    while (!done) {
      const t0 = performance.now();
      try {
        await (await fetch(`${emu.url}/_emulator/health`)).text();
        health.push(performance.now() - t0);
      } catch {
        health.push(performance.now() - t0); // a reset keep-alive socket: counted, not fatal
      }
    }
  })();
  for (let i = 0; i < TRIGGERS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${emu.url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }) });
    await res.text();
    times.push(performance.now() - t0);
  }
  done = true;
  await healthLoop;
  return { p50: pct(times, 50), p99: pct(times, 99), health99: pct(health, 99) };
}

async function run(doc: Doc, hook: string, dataDir: string | undefined): Promise<{ p50: number; p99: number; health99: number }> {
  const emu = await startEmulator({ dataDir, delivery: { journal: { maxDeliveries: 200_000 }, retry: { schedule: [] } } });
  try {
    emu.emulator.importState(doc);
    await fetch(`${emu.url}/apidata.php?action=subscribe_customer&api_key=${DEFAULT_API_KEY}`, { method: 'POST', body: JSON.stringify({ hookUrl: hook, type_request: 'customer_created' }) });
    return await measure(emu);
  } finally {
    await emu.close();
  }
}

export async function benchPersistence(log: (line: string) => void): Promise<string> {
  const { server, url: hook } = await receiver();
  try {
    const seedEmu = await startEmulator({ delivery: { journal: { maxDeliveries: 200_000 }, retry: { schedule: [] } } });
    await fetch(`${seedEmu.url}/apidata.php?action=subscribe_customer&api_key=${DEFAULT_API_KEY}`, { method: 'POST', body: JSON.stringify({ hookUrl: hook, type_request: 'customer_created' }) });
    for (let i = 0; i < 10; i++) await (await fetch(`${seedEmu.url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created', count: 100 }) })).text();
    await seedEmu.deliveries.waitFor({}, { min: 1000, timeoutMs: 60_000 });
    while (seedEmu.emulator.delivery.stats().pending > 0) await new Promise((r) => setTimeout(r, 50));
    const base = seedEmu.emulator.exportState() as unknown as Doc;
    await seedEmu.close();
    const rows: string[] = [];
    for (const n of SIZES) {
      const doc = grown(base, n);
      const bytes = JSON.stringify(doc).length;
      const without = await run(doc, hook, undefined);
      const dir = mkdtempSync(join(tmpdir(), 'spmock-bench-persist-'));
      let withDir;
      try {
        withDir = await run(doc, hook, dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const ms = (x: number): string => x.toFixed(1);
      log(`persistence: ${n} deliveries: without ${ms(without.p99)} ms p99, with a data dir ${ms(withDir.p99)} ms p99`);
      rows.push(`| ${n.toLocaleString('en')} (${(bytes / 1e6).toFixed(1)} MB) | ${ms(without.p50)} / ${ms(without.p99)} | ${ms(without.health99)} | ${ms(withDir.p50)} / ${ms(withDir.p99)} | ${ms(withDir.health99)} | ${(withDir.p99 / without.p99).toFixed(2)}x |`);
    }
    return [
      `${TRIGGERS} sequential triggers (one event, one subscription, a local receiver) on a journal of N settled deliveries, with a /health loop beside them (ms).`,
      '',
      '| journal | trigger p50 / p99, no data dir | health p99, no data dir | trigger p50 / p99, --data-dir | health p99, --data-dir | p99 ratio |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    server.close();
  }
}
