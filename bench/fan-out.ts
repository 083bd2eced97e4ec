/**
 * `npx tsx bench/fan-out.ts [maxPending]`: what a failing receiver and a large fan-out cost.
 *
 * 1. **RSS at the pending cap.** 100 subscriptions to a receiver that answers every attempt 500
 *    with a 2 KB HTML page (kept in the journal, up to `delivery.responseBodyBytes`, per attempt;
 *    retried on the default schedule):
 *    triggers of 100 events (10 000 deliveries) kept at the cap, RSS sampled after each, the live
 *    heap read after a forced GC at the end. `maxPending` is the argument (default: the config default).
 * 2. **The longest event-loop block of one 80 000-delivery fan-out** (80 subscriptions x 1000
 *    events, one `POST /_emulator/events`), by `perf_hooks.monitorEventLoopDelay` (10 ms
 *    resolution), and the slowest of the health checks sent every 20 ms meanwhile. Attempts go to a
 *    port nothing listens on; with HOLD=1 they wait behind a minute of latency instead (the
 *    fan-out alone). FILL_MS=0 skips most of part 1.
 *
 * Everything runs in this process (tsx and the bench included in RSS: the "idle" line is that
 * baseline) on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startEmulator, type RunningEmulator } from '../src/index.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function subscribe(emu: RunningEmulator, port: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await emu.subscribe(`http://127.0.0.1:${port}/hook/${i}`, 'customer_created');
}

/** A receiver that fails every attempt as a broken app does: 500 with a 2 KB HTML error page. */
async function failingReceiver(): Promise<{ port: number; close(): void }> {
  const page = `<!doctype html><html><body><h1>500 Internal Server Error</h1><pre>${'at handler (app.js:1:1)\n'.repeat(80)}</pre></body></html>`;
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => res.writeHead(500, { 'content-type': 'text/html' }).end(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

async function rssAtCap(maxPending: number | undefined): Promise<void> {
  // Back-pressure off, so the cap is reached in a few triggers (each waits for nothing).
  const emu = await startEmulator({ logLevel: 'silent', delivery: { sendQueue: { max: 0 }, ...(maxPending ? { maxPending } : {}) } });
  gc();
  const idle = process.memoryUsage().rss;
  const receiver = await failingReceiver();
  await subscribe(emu, receiver.port, 100);
  // Kept at the cap for FILL_MS (default 30 s): refused triggers are tried again as deliveries
  // settle, so attempts (with their answers) pile up as they do in a CI run against a broken app.
  const fillMs = Number(process.env.FILL_MS ?? 30_000);
  let peakRss = 0;
  let peakPending = 0;
  const started = Date.now();
  while (Date.now() - started < fillMs) {
    try {
      // 100 events x 100 subscriptions: 10 000 deliveries a trigger.
      await emu.trigger('customer_created', { count: 100 });
    } catch (error) {
      if ((error as { code?: string }).code !== 'TOO_MANY_PENDING') throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakPending = Math.max(peakPending, emu.emulator.delivery.stats().pending);
  }
  const { pending } = emu.emulator.delivery.stats();
  gc();
  gc();
  const heap = process.memoryUsage().heapUsed;
  console.log(
    `maxPending ${emu.emulator.config.get().delivery.maxPending}, ${fillMs / 1000} s at the cap: idle RSS ${mb(idle)}; peak RSS ${mb(peakRss)} (+${mb(peakRss - idle)}) ` +
      `with up to ${peakPending} pending; at the end ${pending} pending, live heap after GC ${mb(heap)}`,
  );
  await emu.close();
  receiver.close();
}

async function fanOutBlock(): Promise<void> {
  // HOLD=1: attempts wait behind a minute of latency, so only the fan-out itself is measured.
  const hold = process.env.HOLD === '1' ? { latency: { distribution: 'fixed' as const, ms: 60_000 } } : {};
  const emu = await startEmulator({ logLevel: 'silent', delivery: { maxPending: 200_000, ...hold } });
  await subscribe(emu, await closedPort(), 80);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let slowestHealth = 0;
  let healthChecks = 0;
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${emu.url}/_emulator/health`)).text();
        slowestHealth = Math.max(slowestHealth, performance.now() - t);
        healthChecks++;
      } catch (error) {
        console.log(`health check failed: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  histogram.enable();
  const t = performance.now();
  const { deliveries } = await emu.trigger('customer_created', { count: 1000 });
  const took = performance.now() - t;
  histogram.disable();
  running = false;
  await probe;
  console.log(
    `fan-out of ${deliveries.length} deliveries: answered in ${took.toFixed(0)} ms; longest event-loop block ${(histogram.max / 1e6).toFixed(0)} ms; ` +
      `slowest health check ${slowestHealth.toFixed(0)} ms (${healthChecks} sent)`,
  );
  await emu.close();
}

const arg = process.argv[2];
if (process.env.SKIP_FAN_OUT === undefined) await fanOutBlock();
await rssAtCap(arg === undefined ? undefined : Number(arg));
