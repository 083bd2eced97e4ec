import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { apidata, formBody } from '../solarproof-api/data-support.js';

const running: Array<RunningEmulator | TestReceiver> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const lines = (dir: string): string[] => readFileSync(join(dir, 'state.log'), 'utf8').split('\n').filter((l) => l !== '');
/** A state document to compare: no savedAt, projects by id (a restore lists them customer by customer). */
function comparable(doc: ReturnType<RunningEmulator['emulator']['exportState']>): object {
  const accounts = doc.catalogue.world.accounts.map((a) => ({ ...a, projects: [...a.projects].sort((x, y) => x.id - y.id) }));
  return { ...doc, savedAt: undefined, catalogue: { ...doc.catalogue, world: { ...doc.catalogue.world, accounts } } };
}

async function start(dataDir: string, logs?: string[]): Promise<RunningEmulator> {
  const logger = logs ? createLogger('info', 'json', new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) })) : undefined;
  const emu = await startEmulator({ dataDir, world: { initialCustomers: 3 }, delivery: { retry: { schedule: [] } }, ...(logger ? { logger } : {}) });
  running.push(emu);
  return emu;
}

describe('the data dir: an append-only log with compaction', () => {
  it('snapshot + log replays to exactly the live state, after triggers, retries, data-API writes and config changes; state.json is not rewritten per change', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-log-'));
    const receiver = await startTestReceiver();
    running.push(receiver);
    const emu = await start(dataDir);
    const snapshotAtStart = readFileSync(join(dataDir, 'state.json'), 'utf8');
    for (const type of ['customer_created', 'customer_status_change', 'recent_draft_project', 'contract_signed']) {
      await fetch(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { method: 'POST', body: JSON.stringify({ hookUrl: receiver.hookUrl('/hook'), type_request: type }) });
    }
    for (const type of ['customer_created', 'customer_status_change', 'recent_draft_project', 'contract_signed', 'customer_status_change']) {
      await emu.trigger(type as 'customer_created', { count: 2 });
    }
    const created = await apidata(emu, 'createcustomer', { body: { data: { firstname: 'Judy', surname: 'Matherson', email: 'judy.matherson@example.com', phone1: '0411549054', type: 'RESIDENTIAL' } } });
    const id = Number((created.json as { id: string }).id);
    await apidata(emu, 'updatecustomer', { method: 'PUT', body: { data: { pkcustomerid: id, surname: 'Nguyen' } } });
    await fetch(`${emu.url}/apidata.php?api_key=sp_test_key`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody('createproject', { quotenickname: 'Roof', customer_id: id, site_suburb: 'Penrith', is_draft: 0 }) });
    await fetch(`${emu.url}/_emulator/config`, { method: 'PATCH', body: JSON.stringify({ delivery: { retry: { schedule: [10] } } }) });
    await emu.deliveries.waitFor({ state: 'delivered' }, { min: 12, timeoutMs: 20_000 });
    await fetch(`${emu.url}/_emulator/health`); // an answer: whatever changed is written before it

    // The snapshot written at start is still the snapshot: every change went to the log.
    expect(readFileSync(join(dataDir, 'state.json'), 'utf8')).toBe(snapshotAtStart);
    expect(lines(dataDir).length).toBeGreaterThan(5);
    // Recovery is snapshot + log: a restart on the folder has exactly the state the emulator had.
    const live = emu.emulator.exportState();
    await emu.close();
    running.splice(running.indexOf(emu), 1);
    const again = await start(dataDir);
    expect(comparable(again.emulator.exportState())).toEqual(comparable(live));
    const customers = live.catalogue.world.accounts[0]!.customers;
    expect(customers.find((c) => c.id === id)).toMatchObject({ surname: 'Nguyen', projectIds: [expect.any(Number)] });
  }, 60_000);

  it('writes one log line for the changes of one turn (a trigger of 20 events: one line, 20 customers)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-log-'));
    const emu = await start(dataDir);
    const before = lines(dataDir).length;
    await emu.trigger('customer_created', { count: 20 });
    const after = lines(dataDir);
    expect(after).toHaveLength(before + 1);
    const record = JSON.parse(after[after.length - 1]!) as { change: { catalogue: { world: { accounts: Array<{ put: unknown[] }> } } } };
    expect(record.change.catalogue.world.accounts[0]!.put).toHaveLength(20);
  });

  it('a torn last record is dropped and reported, never fatal; a damaged record before the last stops start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-log-'));
    const first = await start(dataDir);
    await first.trigger('customer_created');
    const customers = (await first.world.customers()).customers.length;
    await first.close();
    running.splice(0);
    const intact = readFileSync(join(dataDir, 'state.log'), 'utf8');
    appendFileSync(join(dataDir, 'state.log'), '{"seq":999,"change":{"deliveries":{"coun');
    const logs: string[] = [];
    const second = await start(dataDir, logs);
    expect(logs.join('')).toContain('the last record of the state log was cut short');
    expect((await second.world.customers()).customers).toHaveLength(customers);
    await second.close();
    running.splice(0);

    // Damage in the middle is not a torn write: start-up refuses rather than guess.
    writeFileSync(join(dataDir, 'state.log'), `${intact}not json\n${intact}`);
    const json = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as { logSeq: number };
    writeFileSync(join(dataDir, 'state.json'), JSON.stringify({ ...json, logSeq: 0 }));
    await expect(start(dataDir)).rejects.toThrow(/state log .* is damaged at line/);
  }, 30_000);
});
