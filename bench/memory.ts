/**
 * Memory: heap bytes per journal record (a delivery of a ~700 B customer_created payload, with its
 * attempt), and that the journal cap bounds the heap. Deliveries go to a bare node:http receiver
 * in this process on 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startEmulator, type RunningEmulator } from '../src/index.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

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

export async function benchMemory(): Promise<object[]> {
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const N = 10_000;
  const options = { seed: 11, world: { maxCustomers: 100_000 }, delivery: { retry: { schedule: [] } } };

  // The same events without any subscription: the world's share of the growth.
  const bare = await startEmulator(options);
  const bareBefore = heapMb();
  await emit(bare, N);
  const bareGrowth = heapMb() - bareBefore;
  await bare.close();

  const emu = await startEmulator(options);
  await emu.subscribe(hookUrl, 'customer_created');
  const before = heapMb();
  await emit(emu, N);
  await settled(emu);
  const withJournal = heapMb() - before;
  const perRecord = ((withJournal - bareGrowth) * 1e6) / N;

  // Past the cap (10 000 by default), the oldest settled deliveries are evicted.
  await emit(emu, 2 * N);
  await settled(emu);
  const afterCap = heapMb() - before;
  const stats = emu.emulator.delivery.stats();
  await emu.close();
  await new Promise<void>((r) => receiver.close(() => r()));

  return [
    { measure: `world growth for ${N} customer_created events (no subscription)`, value: `${bareGrowth.toFixed(1)} MB` },
    { measure: `heap growth for ${N} events delivered once each (world + journal)`, value: `${withJournal.toFixed(1)} MB` },
    { measure: 'journal: heap bytes per delivery record (body string shared with its event, payload parsed on view)', value: `${Math.round(perRecord)} B` },
    {
      measure: `after ${3 * N} deliveries with the default cap of 10 000`,
      value: `journal holds ${stats.journal.size}, evicted ${stats.journal.evicted}; heap growth ${afterCap.toFixed(1)} MB (world ${(bareGrowth * 3).toFixed(0)} MB of it, est.)`,
    },
  ];
}
