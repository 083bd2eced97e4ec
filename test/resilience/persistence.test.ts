import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeliveryView } from '../../src/delivery/delivery.js';
import type { StateDocument } from '../../src/state/state-document.js';
import { startTestReceiver } from '../support/test-receiver.js';
import { eventually, exitCode, listeningUrl } from '../support/cli-process.js';
import { cliForTest } from '../support/cli-per-test.js';

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await (await fetch(url, init)).json()) as T;

async function run(code: Promise<number | null>, child: ReturnType<typeof cliForTest>): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return { code: await code, stderr };
}

// Each test has its own processes, data dir and receiver, ended by the test itself (onTestFinished),
// and spends its time waiting on process starts and a real retry delay: they run at the same time.
describe.concurrent('persistence: --data-dir', () => {
  it('survives kill -9: subscriptions, journal and world are kept, the pending retry resumes, and no id is issued twice', async ({ onTestFinished }) => {
    const receiver = await startTestReceiver();
    onTestFinished(() => receiver.close());
    receiver.script('/hook', [{ status: 503 }, { status: 200 }]);
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-data-'));
    const args = ['--port', '0', '--seed', '1', '--data-dir', dataDir, '--retry-schedule', '3000'];

    const first = cliForTest(onTestFinished, args);
    const url1 = await listeningUrl(first);
    const sub = await json<{ success: boolean }>(`${url1}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: receiver.hookUrl('/hook'), type_request: 'customer_created' }),
    });
    expect(sub.success).toBe(true);
    const triggered = await json<{ events: Array<{ id: string; payload: { customer_id: number } }> }>(`${url1}/_emulator/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'customer_created' }),
    });
    const firstCustomer = triggered.events[0]!.payload.customer_id;
    // The first attempt failed (503) and a retry is due in 3 s: what the emulator answers now must survive.
    const pending = await eventually(
      async () => {
        const d = await json<DeliveryView>(`${url1}/_emulator/deliveries/dlv_1`);
        return d.attempts.length === 1 && d.nextAttemptAt ? d : undefined;
      },
      30_000,
      'the first attempt',
    );
    expect(pending.state).toBe('pending');
    first.kill('SIGKILL');
    await exitCode(first);

    const second = cliForTest(onTestFinished, args);
    const url2 = await listeningUrl(second);
    const subs = await json<{ subscriptions: Array<{ id: string; hookUrl: string }> }>(`${url2}/_emulator/subscriptions`);
    expect(subs.subscriptions.map((s) => [s.id, s.hookUrl])).toEqual([['sub_1', receiver.hookUrl('/hook')]]);
    // The retry resumes at its due time and succeeds.
    const delivered = await eventually(
      async () => {
        const d = await json<DeliveryView>(`${url2}/_emulator/deliveries/dlv_1`);
        return d.state === 'delivered' ? d : undefined;
      },
      30_000,
      'the resumed retry',
    );
    expect(delivered.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(receiver.requestsTo('/hook')).toHaveLength(2);
    // The world and the counters continue.
    const next = await json<{ events: Array<{ id: string; payload: { customer_id: number } }>; deliveries: string[] }>(`${url2}/_emulator/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'customer_created' }),
    });
    // After a kill -9, ids skip past those reserved ahead (evt_1/dlv_1 reserved up to 101): a webhook
    // or SSE frame sent before the state file caught up can never name an id issued again.
    expect(next.events[0]!.id).toBe('evt_102');
    expect(next.deliveries).toEqual(['dlv_102']);
    expect(next.events[0]!.payload.customer_id).not.toBe(firstCustomer);
    const state = await json<StateDocument>(`${url2}/_emulator/state`);
    const ids = state.catalogue.world.accounts[0]!.customers.map((c) => c.id);
    // The seeded book, then the customer made before the kill, then the one made after it: none twice.
    expect(ids.slice(-2)).toEqual([firstCustomer, next.events[0]!.payload.customer_id]);
    expect(new Set(ids).size).toBe(ids.length);

    // reset clears the persisted state too.
    await fetch(`${url2}/_emulator/reset`, { method: 'POST' });
    const saved = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as StateDocument;
    expect(saved.subscriptions.subscriptions).toEqual([]);
    expect(saved.deliveries.deliveries).toEqual([]);
  }, 90_000);

  it('a data dir that is a file stops start-up with exit 2 naming the path, and leaves the file alone', async ({ onTestFinished }) => {
    const file = join(mkdtempSync(join(tmpdir(), 'spmock-data-')), 'not-a-dir');
    writeFileSync(file, 'keep me');
    const child = cliForTest(onTestFinished, ['--port', '0', '--data-dir', file]);
    const { code, stderr } = await run(exitCode(child), child);
    expect(code).toBe(2);
    expect(stderr).toContain(`data dir ${file} is not a directory`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  }, 60_000);

  it('a corrupt or newer state file stops start-up with exit 2 and is not overwritten', async ({ onTestFinished }) => {
    // The two files are independent: their processes start together.
    const cases = [
      ['{"format":"solarproof-mock-state","vers', 'is corrupt'],
      [JSON.stringify({ format: 'solarproof-mock-state', version: 99 }), 'was written by a newer solarproof-mock'],
    ] as const;
    const runs = cases.map(([content]) => {
      const dir = mkdtempSync(join(tmpdir(), 'spmock-data-'));
      writeFileSync(join(dir, 'state.json'), content);
      const child = cliForTest(onTestFinished, ['--port', '0', '--data-dir', dir], { SPMOCK_LOG_LEVEL: 'silent' });
      return { dir, result: run(exitCode(child), child) };
    });
    for (const [i, [content, says]] of cases.entries()) {
      const { dir, result } = runs[i]!;
      const { code, stderr } = await result;
      expect(code).toBe(2);
      expect(stderr).toContain(join(dir, 'state.json'));
      expect(stderr).toContain(says);
      expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(content);
    }
  }, 60_000);
});
