import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorApiError } from '../../src/client/emulator-api-error.js';
import type { StateDocument } from '../../src/state/state-document.js';
import { startForTest } from '../support/start.js';
import { cli, exitCode, listeningUrl } from '../support/cli-process.js';

const HOOK = 'http://127.0.0.1:9/hook';
const customerIds = (doc: StateDocument) => doc.catalogue.world.accounts.flatMap((a) => a.customers.map((c) => c.id));

async function busyEmulator() {
  // An empty book (no seeded customers), so the document holds exactly what the test made.
  const emu = await startForTest({ world: { initialCustomers: 0 }, delivery: { retry: { schedule: [] } } });
  await emu.subscribe(HOOK, 'customer_created');
  await emu.subscribe(HOOK, 'customer_status_change');
  await emu.trigger('customer_created', { count: 3 });
  await emu.deliveries.waitFor({ state: 'failed' }, { min: 3, timeoutMs: 20_000 });
  await emu.schedules.create({ type: 'customer_created', everyMs: 3_600_000 });
  await emu.config.update({ delivery: { timeoutMs: 1234 } });
  return emu;
}

describe('state export and import', () => {
  it('a document from GET /_emulator/state, PUT into a fresh emulator, reproduces subscriptions, world, journal, schedules and config, and ids continue', async () => {
    const a = await busyEmulator();
    const doc = await a.state.get();
    expect(doc).toMatchObject({ format: 'solarproof-mock-state', version: 1 });
    expect(customerIds(doc)).toHaveLength(3);

    const b = await startForTest({ seed: 99, world: { initialCustomers: 0 } });
    await b.state.put(doc);
    expect(await b.subscriptions.list()).toEqual(await a.subscriptions.list());
    expect(customerIds(await b.state.get())).toEqual(customerIds(doc));
    expect((await b.deliveries.list()).map((d) => [d.id, d.state])).toEqual([
      ['dlv_1', 'failed'],
      ['dlv_2', 'failed'],
      ['dlv_3', 'failed'],
    ]);
    expect((await b.schedules.list()).map((s) => [s.id, s.spec.everyMs])).toEqual([['sch_1', 3_600_000]]);
    expect((await b.config.get()).delivery.timeoutMs).toBe(1234);
    // Nothing is issued twice: the next event, delivery, subscription and customer are new.
    const next = await b.trigger('customer_created');
    expect(next.events[0]!.id).toBe('evt_4');
    expect(next.deliveries).toEqual(['dlv_4']);
    expect(customerIds(doc)).not.toContain((next.events[0]!.payload as { customer_id: number }).customer_id);
    await b.subscribe('http://127.0.0.1:9/other', 'customer_created');
    expect((await b.subscriptions.list()).map((s) => s.id)).toEqual(['sub_1', 'sub_2', 'sub_3']);
  });

  it('an invalid document is refused with every problem by path, and nothing changes', async () => {
    const emu = await busyEmulator();
    const before = await emu.state.get();
    const bad = structuredClone(before) as unknown as Record<string, any>;
    bad.subscriptions.subscriptions[0].type = 'no_such_type';
    bad.deliveries.counter = -1;
    bad.catalogue.world.accounts[0].apiKey = 'unknown_key';
    const err = await emu.state.put(bad as StateDocument).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmulatorApiError);
    const e = err as EmulatorApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('INVALID_STATE');
    const problems = (e.body as { problems: string[] }).problems;
    expect(problems.some((p) => p.startsWith('subscriptions.subscriptions.0.type:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('deliveries.counter:'))).toBe(true);
    const after = await emu.state.get();
    expect({ ...after, savedAt: '' }).toEqual({ ...before, savedAt: '' });

    const newer = await fetch(`${emu.url}/_emulator/state`, { method: 'PUT', body: JSON.stringify({ ...before, version: 2 }) });
    expect(newer.status).toBe(400);
    expect(((await newer.json()) as { detail: string }).detail).toContain('newer solarproof-mock');
  });

  it('refuses delivery ids out of order, repeated, or above the counter (ids would be issued twice)', async () => {
    const emu = await busyEmulator();
    const before = await emu.state.get();
    expect(before.deliveries.deliveries.length).toBeGreaterThanOrEqual(2);
    const bad = structuredClone(before);
    const [first, second] = bad.deliveries.deliveries;
    second!.id = first!.id; // the same id twice
    bad.deliveries.counter = 0;
    const err = (await emu.state.put(bad).then(
      () => undefined,
      (e: unknown) => e,
    )) as EmulatorApiError;
    expect(err).toBeInstanceOf(EmulatorApiError);
    const problems = (err.body as { problems: string[] }).problems;
    expect(problems).toContain(`deliveries.deliveries.1.id: ids must rise, oldest first: ${first!.id} comes after ${first!.id}`);
    expect(problems.some((p) => /^deliveries\.counter: must be at least \d+, the highest delivery id/.test(p))).toBe(true);
    expect({ ...(await emu.state.get()), savedAt: '' }).toEqual({ ...before, savedAt: '' });
  });

  it('export, then `--import FILE` at start reproduces subscriptions and customers', async () => {
    const a = await busyEmulator();
    const doc = await a.state.get();
    const file = join(mkdtempSync(join(tmpdir(), 'spmock-state-')), 'state.json');
    writeFileSync(file, JSON.stringify(doc));
    const child = cli(['--port', '0', '--seed', '1', '--import', file]);
    const url = await listeningUrl(child);
    const imported = (await (await fetch(`${url}/_emulator/state`)).json()) as StateDocument;
    expect(imported.subscriptions).toEqual(doc.subscriptions);
    expect(customerIds(imported)).toEqual(customerIds(doc));
    expect(imported.catalogue.world.accounts[0]!.customers).toEqual(doc.catalogue.world.accounts[0]!.customers);
  }, 60_000);

  it('`--import` of a broken file stops start-up with exit 2 and the problems', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spmock-state-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'solarproof-mock-state', version: 1 }));
    const child = cli(['--port', '0', '--import', file]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain(`cannot import ${file}`);
    expect(stderr).toContain('subscriptions: required');
  }, 60_000);
});
