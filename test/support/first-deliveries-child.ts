/**
 * Run as its own process (the run's bundle of it, test/support/cli-bundle.ts, or under tsx) by
 * test/delivery/first-deliveries.test.ts: a new emulator in a process that has not loaded the
 * transport's module yet, a receiver beside it on 127.0.0.1, and an `everyMs: 200, count: 5`
 * schedule. Prints one JSON line: whether undici's Agent was loaded when `startEmulator()` returned,
 * when the schedule was created and after its five deliveries (the default `auto` transport sends
 * on node:http until deliveries come as a burst, decision 0037), the same for the world (faker's base entry), each delivery's arrival and creation time (ms);
 * then whether prom-client was loaded after the deliveries and after a scrape, and what the scrape counted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { startEmulator } from '../../src/start-emulator.js';

const require = createRequire(import.meta.url);
const agentFile = require.resolve('undici/lib/dispatcher/agent.js');
const agentLoaded = (): boolean => agentFile in require.cache;
// faker's base entry loads when the world is built (decisions 0028, 0037): before start-up's warm-up, the first event paid for it.
const fakerFile = require.resolve('@faker-js/faker/locale/base');
const worldBuilt = (): boolean => fakerFile in require.cache;
// prom-client loads at the first scrape of /_emulator/metrics, not on the delivery path: loaded at the
// first delivery, it stalled the loop ~60 ms while that delivery was in flight (issue 24, round 3).
const promClientFile = require.resolve('prom-client');
const metricsLoaded = (): boolean => promClientFile in require.cache;

const arrivals: number[] = [];
const receiver = createServer((req, res) => {
  arrivals.push(Date.now());
  req.resume();
  req.on('end', () => res.end('ok'));
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

const emu = await startEmulator();
const atStart = agentLoaded();
const worldAtStart = worldBuilt();
// The first answer: the emulator starts its warm-up (transport, world) on the next turn.
await emu.subscribe(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, 'customer_created');
const deadline = Date.now() + 15_000;
while (!worldBuilt() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
const beforeSchedule = agentLoaded();
const worldBeforeSchedule = worldBuilt();
await emu.schedules.create({ type: 'customer_created', everyMs: 200, count: 5 });
const delivered = await emu.deliveries.waitFor({ state: 'delivered' }, { min: 5, timeoutMs: 15_000, failFast: false });
const created = delivered.map((d) => Date.parse(d.createdAt)).sort((a, b) => a - b);
const metricsAfterDeliveries = metricsLoaded();
const undiciAfterDeliveries = agentLoaded();
const scrape = await fetch(`${emu.url}/_emulator/metrics`).then((r) => r.text());
const metricsAfterScrape = metricsLoaded();
const createdCounted = /deliveries_created_total\{type="customer_created"\} (\d+)/.exec(scrape)?.[1];
process.stdout.write(`${JSON.stringify({ atStart, beforeSchedule, undiciAfterDeliveries, worldAtStart, worldBeforeSchedule, arrivals, created, metricsAfterDeliveries, metricsAfterScrape, createdCounted })}\n`);
await emu.close();
receiver.close();
