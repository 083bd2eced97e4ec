/**
 * Memory: heap bytes per settled journal record (a delivery of a ~640 B customer_created payload,
 * with its attempt), and that the journal cap bounds the heap. Deliveries go to a bare node:http
 * receiver in this process on 127.0.0.1. Each measure starts after a warm-up of deliveries, so
 * what is paid once (the transport's module and connections, compiled code) is not counted per
 * record; the world's own growth for the same events (measured without a subscription) is taken
 * off. The event's body string is kept by the journal (one per event, shared by its deliveries):
 * with one subscription it counts whole in each record, so it is also shown apart.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { compactingCollect } from '../src/cli/heap-settle.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

async function emit(emu: RunningEmulator, total: number): Promise<void> {
  for (let done = 0; done < total; done += 1000) await emu.trigger('customer_created', { count: Math.min(1000, total - done) });
}

async function settled(emu: RunningEmulator): Promise<void> {
  const engine = emu.emulator.delivery;
  while (engine.stats().pending > 0) await new Promise((r) => setTimeout(r, 20));
}

/** Heap bytes of the event bodies the journal keeps: one flat one-byte string per event (16 B header, 8-byte aligned). */
function bodyBytes(emu: RunningEmulator): { perEvent: number; events: number } {
  const bodies = new Map<string, string>();
  for (const d of emu.emulator.delivery.query({}).deliveries) bodies.set(d.event.id, d.event.body);
  let bytes = 0;
  for (const b of bodies.values()) bytes += 16 + Math.ceil(Buffer.byteLength(b) / 8) * 8;
  return { perEvent: bytes / bodies.size, events: bodies.size };
}

export async function benchMemory(): Promise<object[]> {
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const N = 10_000;
  const WARM = 2000;
  const options = { seed: 11, world: { maxCustomers: 100_000 }, delivery: { retry: { schedule: [] }, journal: { maxDeliveries: 100_000 } } };

  // The same events without any subscription: the world's share of the growth.
  const bare = await startEmulator(options);
  await emit(bare, WARM);
  const bareBefore = heapMb();
  await emit(bare, N);
  const bareGrowth = heapMb() - bareBefore;
  await bare.close();

  // Warm-up first: loading the transport, its connections and compiled code are paid once, not per record.
  const emu = await startEmulator(options);
  await emu.subscribe(hookUrl, 'customer_created');
  await emit(emu, WARM);
  await settled(emu);
  const before = heapMb();
  await emit(emu, N);
  await settled(emu);
  const withJournal = heapMb() - before;
  const perRecord = ((withJournal - bareGrowth) * 1e6) / N;
  const body = bodyBytes(emu);
  await emu.close();

  // Two subscriptions per event: two records share one body.
  const fan = await startEmulator(options);
  await fan.subscribe(hookUrl, 'customer_created');
  await fan.subscribe(`${hookUrl}?copy=2`, 'customer_created');
  await emit(fan, WARM);
  await settled(fan);
  const fanBefore = heapMb();
  await emit(fan, N / 2);
  await settled(fan);
  const perFanRecord = ((heapMb() - fanBefore - bareGrowth / 2) * 1e6) / N;
  await fan.close();

  // Past the cap (10 000 by default), the oldest settled deliveries are evicted.
  const capped = await startEmulator({ ...options, delivery: { retry: { schedule: [] } } });
  await capped.subscribe(hookUrl, 'customer_created');
  await emit(capped, WARM);
  await settled(capped);
  const cappedBefore = heapMb();
  await emit(capped, 3 * N);
  await settled(capped);
  const afterCap = heapMb() - cappedBefore;
  const stats = capped.emulator.delivery.stats();
  // What the bin does once a burst has gone quiet (decisions/0029), after the two plain full GCs heapMb() made.
  const plain = process.memoryUsage();
  compactingCollect();
  await new Promise((r) => setTimeout(r, 500)); // V8 unmaps the emptied pages on a background thread
  const compacted = process.memoryUsage();
  await capped.close();
  await new Promise<void>((r) => receiver.close(() => r()));

  return [
    { measure: `world growth for ${N} customer_created events (no subscription; after ${WARM} events of warm-up)`, value: `${bareGrowth.toFixed(1)} MB` },
    { measure: `heap growth for ${N} events delivered once each (world + journal; after ${WARM} deliveries of warm-up)`, value: `${withJournal.toFixed(1)} MB` },
    { measure: 'journal: heap bytes per settled delivery record, one subscription (its event\'s body counted whole)', value: `${Math.round(perRecord)} B` },
    { measure: '  of which the event\'s body string (flat, one byte per character)', value: `${Math.round(body.perEvent)} B` },
    { measure: '  the record without the body', value: `${Math.round(perRecord - body.perEvent)} B` },
    { measure: 'journal: heap bytes per settled delivery record, two subscriptions per event (the body counted once per event)', value: `${Math.round(perFanRecord)} B` },
    {
      measure: `after ${3 * N} deliveries with the default cap of 10 000`,
      value: `journal holds ${stats.journal.size}, evicted ${stats.journal.evicted}; heap growth ${afterCap.toFixed(1)} MB (world ${(bareGrowth * 3).toFixed(0)} MB of it, est.)`,
    },
    {
      measure: `  then the bin's settle (full GCs with --optimize-for-size) after two plain full GCs: heapTotal / RSS`,
      value: `${mib(plain.heapTotal)} / ${mib(plain.rss)} MiB -> ${mib(compacted.heapTotal)} / ${mib(compacted.rss)} MiB (heapUsed ${mib(compacted.heapUsed)} MiB)`,
    },
  ];
}
