/**
 * Scheduler accuracy: how late schedule emissions fire at 100 events/s, with and without
 * deliveries running. Lateness = when the emission happened - when it was due (precomputed
 * target), measured with performance.now().
 *
 *   npx tsx bench/scheduler.ts            # alone
 *   npm run bench                         # with the other benches
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { EVENT_TYPES } from '../src/core/event-types.js';
import { configSchema } from '../src/config/config-schema.js';
import type { ScheduleSpec } from '../src/config/schedule-config.js';
import { systemClock, type Clock } from '../src/core/clock.js';
import { createEmulator } from '../src/emulator.js';
import { Scheduler } from '../src/schedules/scheduler.js';

export interface SchedulerBenchRow {
  case: string;
  emissions: number;
  eventsPerSecond: number;
  deliveries: number;
  p50LatenessMs: number;
  p99LatenessMs: number;
  maxLatenessMs: number;
  /** How long one trigger took (world + payload + fan-out): the floor under lateness. */
  p99EmitMs: number;
}

/** Emissions due in the first second are not counted: JIT, sockets and pools warm up then. */
const WARM_UP_MS = 1000;

/** Date.now() has 1 ms steps; lateness needs better. */
const preciseClock: Clock = { now: () => performance.timeOrigin + performance.now(), setTimeout: systemClock.setTimeout };

interface Case {
  name: string;
  specs: ScheduleSpec[];
  deliveries: boolean;
}

const CASES: Case[] = [
  { name: 'Poisson 100/s, no subscribers', specs: [{ type: 'customer_created', ratePerMinute: 6000 }], deliveries: false },
  {
    name: 'Poisson 100/s, mix, every event delivered',
    specs: [{ types: { customer_created: 2, project_sms_sent: 1, project_email_sent: 1, recent_draft_project: 1 }, ratePerMinute: 6000 }],
    deliveries: true,
  },
  {
    name: '10 x every 100 ms (bursts of 10), delivered',
    specs: Array.from({ length: 10 }, () => ({ type: 'project_sms_sent' as const, everyMs: 100 })),
    deliveries: true,
  },
];

/** Runs every case for `durationMs` each and returns one row per case. */
export async function benchScheduler(durationMs = 5000): Promise<SchedulerBenchRow[]> {
  const rows: SchedulerBenchRow[] = [];
  for (const c of CASES) rows.push(await runCase(c, durationMs));
  return rows;
}

async function runCase(c: Case, durationMs: number): Promise<SchedulerBenchRow> {
  const config = configSchema.parse({ logLevel: 'silent', port: 0, seed: 1, delivery: { retry: { schedule: [] } } });
  const emu = createEmulator({ ...config, seed: 1 }, { clock: preciseClock });
  const receiver = c.deliveries ? await startReceiver() : undefined;
  if (receiver) for (const type of EVENT_TYPES) emu.subscriptions.subscribe(emu.accounts.primary().apiKey, `${receiver.url}/${type}`, type);
  const lateness: number[] = [];
  const emitCost: number[] = [];
  let deliveries = 0;
  const countFrom = preciseClock.now() + WARM_UP_MS;
  const scheduler = new Scheduler(
    {
      clock: emu.clock,
      config: emu.config,
      random: emu.random,
      accounts: emu.accounts,
      logger: emu.logger,
      events: {
        trigger: (request) => {
          const started = performance.now();
          const result = emu.events.trigger(request);
          if (started + performance.timeOrigin >= countFrom) {
            emitCost.push(performance.now() - started);
            deliveries += result.deliveries.length;
          }
          return result;
        },
      },
    },
    { onEmission: (t) => t.dueAt >= countFrom && lateness.push(t.firedAt - t.dueAt) },
  );
  for (const spec of c.specs) scheduler.start({ ...spec, until: `${WARM_UP_MS + durationMs}ms` });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS + durationMs + 100));
  scheduler.close();
  await emu.close();
  await receiver?.close();
  lateness.sort((a, b) => a - b);
  emitCost.sort((a, b) => a - b);
  const quantile = (xs: number[], q: number): number => round(xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0);
  const at = (q: number): number => quantile(lateness, q);
  return {
    case: c.name,
    emissions: lateness.length,
    eventsPerSecond: round(lateness.length / (durationMs / 1000)),
    deliveries,
    p50LatenessMs: at(0.5),
    p99LatenessMs: at(0.99),
    maxLatenessMs: round(lateness.at(-1) ?? 0),
    p99EmitMs: quantile(emitCost, 0.99),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A minimal receiver (raw node:http, always 200) in this process: the conservative setup. */
async function startReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchScheduler();
  console.table(rows);
}
