import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { configSchema } from '../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../src/core/account.js';
import { createEmulator } from '../src/emulator.js';
import { startReceiverProcess } from './receiver-process.js';

/**
 * The cases of issue 15 (docs/performance.md, "Throughput and latency"), each printed with its
 * goal and the ratio measured / goal:
 * - start-up: `import()` of the built package plus `startEmulator()`, in a fresh process, median of 5
 *   (needs `npm run build`; skipped without dist/);
 * - batch: triggers of `count: 1000` to a node:http receiver in a child process, webhooks/s with
 *   every attempt journalled;
 * - closed loop: the built CLI in its own process, 64 keep-alive clients, one trigger = one webhook,
 *   like bench-peers/run.mjs: triggers/s, webhooks/s inside the window, late webhooks.
 */
const ROOT = new URL('..', import.meta.url).pathname;
const DIST = `${ROOT}dist/index.js`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (n: number) => Math.round(n * 10) / 10;

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`node exited ${code}`))));
  });
}

async function startup(): Promise<{ importMs: number; startMs: number; totalMs: number } | null> {
  if (!existsSync(DIST)) return null;
  const src = `const t0=performance.now();const m=await import(${JSON.stringify(DIST)});const t1=performance.now();const e=await m.startEmulator();const t2=performance.now();console.log(JSON.stringify([t1-t0,t2-t1]));await e.close();`;
  const runs: number[][] = [];
  for (let i = 0; i < 5; i++) runs.push(JSON.parse(await runNode(['--input-type=module', '-e', src])) as number[]);
  const totals = runs.map(([a, b]) => a! + b!);
  return { importMs: r1(median(runs.map((r) => r[0]!))), startMs: r1(median(runs.map((r) => r[1]!))), totalMs: r1(median(totals)) };
}

async function batch(receiverUrl: string, triggers: number): Promise<{ webhooks: number; perS: number; journalled: number; cpuMsPer1000: number }> {
  const config = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, delivery: { journal: { maxDeliveries: 100_000 }, retry: { schedule: [] } } });
  const emu = createEmulator({ ...config, seed: 1 });
  emu.subscriptions.subscribe(DEFAULT_API_KEY, `${receiverUrl}/hook`, 'customer_created');
  const n = triggers * 1000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < triggers; i++) emu.events.trigger({ type: 'customer_created', count: 1000 });
  const { timedOut } = await emu.delivery.waitFor({ state: ['delivered', 'failed'] }, n, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const journalled = emu.delivery.query({}).deliveries.reduce((k, d) => k + d.attempts.length, 0);
  const delivered = emu.delivery.stats().delivered;
  await emu.close();
  if (timedOut || delivered !== n) throw new Error(`batch: ${delivered}/${n} delivered`);
  // CPU time of this process per 1000 webhooks (payloads made, sent, journalled): steadier than
  // webhooks/s on a machine shared with other work.
  return { webhooks: n, perS: Math.round(n / seconds), journalled, cpuMsPer1000: Math.round((cpu.user + cpu.system) / n) };
}

function post(agent: Agent, base: string, path: string, body: unknown): Promise<number> {
  const buf = Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const u = new URL(path, base);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': buf.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(buf);
  });
}

async function closedLoop(receiver: { url: string; count(): Promise<number> }, durationMs: number): Promise<{ triggersPerS: number; webhooksPerS: number; late: number }> {
  const bin = `${ROOT}dist/cli/main.js`;
  const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /listening on (http:\/\/[^\s"']+)/i.exec(buf);
        if (m) resolve(m[1]!.replace(/\/$/, ''));
      });
      child.on('exit', () => reject(new Error('emulator exited before listening')));
    });
    child.stdout.resume();
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    await post(agent, base, `/apidata.php?action=subscribe_customer&api_key=${DEFAULT_API_KEY}`, { hookUrl: `${receiver.url}/hook`, type_request: 'customer_created' });
    const loop = async (ms: number) => {
      let ok = 0;
      const deadline = performance.now() + ms;
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (performance.now() < deadline) if ((await post(agent, base, '/_emulator/events', { type: 'customer_created', count: 1 })) < 300) ok++;
      }));
      return ok;
    };
    await loop(2000); // warm-up
    const settle = async () => {
      let last = -1;
      for (let c = await receiver.count(); c !== last; c = await receiver.count()) {
        last = c;
        await new Promise((r) => setTimeout(r, 1000));
      }
      return last;
    };
    const before = await settle();
    const t0 = performance.now();
    const ok = await loop(durationMs);
    const seconds = (performance.now() - t0) / 1000;
    const inWindow = (await receiver.count()) - before;
    const after = (await settle()) - before;
    agent.destroy();
    return { triggersPerS: Math.round(ok / seconds), webhooksPerS: Math.round(inWindow / seconds), late: after - inWindow };
  } finally {
    child.kill('SIGINT');
  }
}

/** The issue-15 cases; returns Markdown with measured / goal ratios. */
export async function benchPeerCases(log: (line: string) => void): Promise<string> {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const lines = [
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}; load average at start ${load}.`,
    '',
    '| case | measured | goal | measured / goal |',
    '|---|---|---|---|',
  ];
  const s = await startup();
  if (s) {
    log(`start-up: import ${s.importMs} ms + startEmulator ${s.startMs} ms`);
    lines.push(`| import + startEmulator (median of 5, fresh processes) | ${s.totalMs} ms (import ${s.importMs}, start ${s.startMs}) | <= 150 ms | ${(s.totalMs / 150).toFixed(2)} |`);
  } else lines.push('| import + startEmulator | skipped: run `npm run build` first | <= 150 ms | - |');
  const receiver = await startReceiverProcess();
  try {
    await batch(receiver.url, 1); // warm-up
    // Median of 3 runs (by webhooks/s).
    const runs = [await batch(receiver.url, 10), await batch(receiver.url, 10), await batch(receiver.url, 10)].sort((x, y) => x.perS - y.perS);
    const b = runs[1]!;
    log(`batch: ${runs.map((r) => `${r.perS}/s (${r.cpuMsPer1000} ms CPU per 1000)`).join(', ')}; ${b.journalled} attempts journalled`);
    lines.push(`| batch: 10 triggers of count 1000 -> node:http receiver process, median of 3 | ${b.perS} webhooks/s, ${b.cpuMsPer1000} ms of CPU per 1000 (${b.journalled}/${b.webhooks} attempts journalled) | >= 10 000/s | ${(b.perS / 10_000).toFixed(2)} |`);
    if (existsSync(`${ROOT}dist/cli/main.js`)) {
      const c = await closedLoop(receiver, 8000);
      log(`closed loop: ${c.triggersPerS} triggers/s, ${c.webhooksPerS} webhooks/s in the window, ${c.late} late`);
      const latePct = c.triggersPerS > 0 ? (100 * c.late) / (c.triggersPerS * 8) : 0;
      lines.push(`| closed loop: 64 clients, 1 trigger = 1 webhook, 8 s | ${c.triggersPerS} triggers/s, ${c.webhooksPerS} webhooks/s in the window, ${c.late} late (${latePct.toFixed(1)} % of triggers) | late < 1 % | ${(latePct / 1).toFixed(2)} |`);
    }
  } finally {
    receiver.close();
  }
  return lines.join('\n');
}
