import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateDocument } from '../../src/state/state-document.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { cli, exitCode } from '../support/cli-process.js';

const HOOK = 'http://127.0.0.1:9/hook';
let emu: RunningEmulator;
let good: StateDocument;

beforeAll(async () => {
  // One emulator for the file (startForTest would close it after the first test).
  emu = await startEmulator({ world: { initialCustomers: 3 }, delivery: { retry: { schedule: [] } } });
  await emu.subscribe(HOOK, 'customer_created');
  await emu.subscribe(HOOK, 'customer_status_change');
  await emu.trigger('customer_created', { count: 2 });
  await emu.deliveries.waitFor({ state: 'failed' }, { min: 2, timeoutMs: 20_000 });
  await emu.schedules.create({ type: 'customer_created', everyMs: 3_600_000 });
  good = await emu.state.get();
});
afterAll(() => emu.close());

/** PUTs `doc`; answers the status and the problems. */
async function put(doc: unknown): Promise<{ status: number; problems: string[] }> {
  const res = await fetch(`${emu.url}/_emulator/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  const body = (await res.json()) as { problems?: string[] };
  return { status: res.status, problems: body.problems ?? [] };
}

const world = (d: StateDocument) => d.catalogue.world;
const firstCustomer = (d: StateDocument) => world(d).accounts.flatMap((a) => a.customers)[0]!;
const firstProject = (d: StateDocument) => world(d).accounts.flatMap((a) => a.projects)[0]!;

// Each hostile document of the adversarial review (issue 21), with the path it must be refused at.
const hostile: Array<[string, (d: StateDocument) => void, RegExp]> = [
  ['a world clock past what events can move on from', (d) => (world(d).clock = 9e15), /^catalogue\.world\.clock: must be a time from 1970/],
  ['a subscription counter below its ids', (d) => (d.subscriptions.counter = 0), /^subscriptions\.counter: must be at least 2, the highest id \(sub_2\)/],
  ['a customer counter at an existing customer', (d) => (world(d).nextCustomerId = firstCustomer(d).id), /^catalogue\.world\.nextCustomerId: must be above the highest customer id/],
  ['a project counter at an existing project', (d) => (world(d).nextProjectId = firstProject(d).id), /^catalogue\.world\.nextProjectId: must be above the highest project id/],
  ['an event counter at an event in the journal', (d) => (d.catalogue.nextEventId = 1), /^catalogue\.nextEventId: must be above the highest event id in the journal \(evt_2\)/],
  ['a schedule counter at an existing schedule', (d) => (d.schedules.nextId = 1), /^schedules\.nextId: must be at least 2, above the highest id \(sch_1\)/],
  ['duplicate subscription ids', (d) => (d.subscriptions.subscriptions[1]!.id = 'sub_1'), /^subscriptions\.subscriptions\.1\.id: duplicate id sub_1 \(also at subscriptions\.subscriptions\.0\.id\)/],
  ['duplicate customer ids', (d) => (world(d).accounts[0]!.customers[1]!.id = firstCustomer(d).id), /^catalogue\.world\.accounts\.0\.customers\.1\.id: duplicate customer id/],
  ['a delivery counter whose next id is not a valid id', (d) => (d.deliveries.counter = 999_999_999_999_999), /^deliveries\.counter: must be at most 999999999999/],
  ['a delivery time no date can hold', (d) => (d.deliveries.deliveries[0]!.createdAt = 9e15), /^deliveries\.deliveries\.0\.createdAt: must be a time a JavaScript date can hold/],
];

describe('hostile state documents (issue 21) are refused whole, by path, and change nothing', () => {
  it.each(hostile)('%s', async (_what, spoil, problem) => {
    const doc = structuredClone(good);
    spoil(doc);
    const { status, problems } = await put(doc);
    expect(status).toBe(400);
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  it('after every refusal the state is as it was, and a trigger still answers (no spin, no 500)', async () => {
    const now = await emu.state.get();
    expect({ ...now, savedAt: '' }).toEqual({ ...good, savedAt: '' });
    const next = await emu.trigger('customer_created');
    expect(next.deliveries).toEqual(['dlv_3']);
  });

  it('a config with world.startTime past year 9000 exits 2 at start, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-hostile-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ world: { startTime: '+275760-09-12T00:00:00Z' } }));
    const child = cli(['--port', '0', '--config', file]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain('world.startTime');
  }, 60_000);

  it('`--import` of a document with a world clock no date can hold exits 2, naming the path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spmock-hostile-')), 'state.json');
    writeFileSync(file, JSON.stringify({ ...good, catalogue: { ...good.catalogue, world: { ...world(good), clock: 9e15 } } }));
    const child = cli(['--port', '0', '--import', file]);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain('catalogue.world.clock');
  }, 60_000);
});
