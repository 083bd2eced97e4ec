import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/core/event-types.js';
import { cliArgs } from '../support/cli-process.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
const receivers: TestReceiver[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line (or stderr line, with `from: 'stderr'`) matching `re`. */
  line(re: RegExp, from?: 'stdout' | 'stderr'): Promise<string>;
  exit: Promise<number | null>;
}

function cli(args: string[], env: Record<string, string> = {}): Proc {
  // One node process (the run's bundle of src/, or tsx's loader): a signal reaches the CLI itself.
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, SPMOCK_LOG_LEVEL: 'silent', NO_COLOR: '', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const text = { stdout: '', stderr: '' };
  const waiters: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', (d) => {
    text.stdout += d;
    wake();
  });
  child.stderr!.on('data', (d) => {
    text.stderr += d;
    wake();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // Looks through everything printed so far (a line that came before the call counts), then waits for more.
  const line = async (re: RegExp, from: 'stdout' | 'stderr' = 'stdout'): Promise<string> => {
    let done = false;
    void exit.then(() => {
      done = true;
      wake();
    });
    for (;;) {
      const found = text[from].split('\n').slice(0, -1).find((l) => re.test(l));
      if (found !== undefined) return found;
      if (done) throw new Error(`exited before a line matching ${re}; stderr: ${text.stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, stdout: () => text.stdout, stderr: () => text.stderr, line, exit };
}

async function receiver(): Promise<TestReceiver> {
  const r = await startTestReceiver();
  receivers.push(r);
  return r;
}

describe('solarproof-mock listen / tail (real processes)', { timeout: 60_000 }, () => {
  it('--forward-to with {type} subscribes one URL per type, prints each attempt as JSON, and unsubscribes on SIGTERM', async () => {
    const emu = await startForTest();
    const r = await receiver();
    const p = cli(['listen', '--url', emu.url, '--json', '--forward-to', r.hookUrl('/hooks/{type}')]);
    await p.line(/^listening for deliveries/, 'stderr');
    const subs = await emu.subscriptions.list();
    expect(subs.map((s) => s.hookUrl).sort()).toEqual(EVENT_TYPES.map((t) => r.hookUrl(`/hooks/${t}`)).sort());
    expect(subs.every((s) => s.hookUrl.endsWith(`/hooks/${s.type}`))).toBe(true);

    const printed = p.line(/^\{/);
    const { deliveries } = await emu.trigger('customer_created');
    const line = JSON.parse(await printed) as Record<string, unknown>;
    expect(line).toMatchObject({
      deliveryId: deliveries[0],
      type: 'customer_created',
      hookUrl: r.hookUrl('/hooks/customer_created'),
      attempt: 1,
      outcome: 'success',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Date.parse(line.time as string)).not.toBeNaN();
    expect(r.requestsTo('/hooks/customer_created')).toHaveLength(1);

    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.stderr()).toContain(`unsubscribed ${r.hookUrl('/hooks/customer_created')}`);
    expect(await emu.subscriptions.list()).toEqual([]);
  });

  it('tail prints one readable line per attempt (failures and retries too) and stops after --count', async () => {
    const emu = await startForTest({ delivery: { retry: { schedule: [10] } } });
    const r = await receiver();
    r.setDefault({ status: 503 });
    await emu.subscribe(r.hookUrl('/down'), 'customer_created');
    const p = cli(['tail', '--url', emu.url, '--count', '2', '--type', 'customer_created']);
    await p.line(/^listening for deliveries/, 'stderr');
    const [delivery] = (await emu.trigger('customer_created')).deliveries;
    expect(await p.exit).toBe(0);
    const lines = p.stdout().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${delivery} +customer_created -> ${r.hookUrl('/down')}  #1  http_error 503  \\d+ ms$`));
    expect(lines[1]).toMatch(/  #2  http_error 503  \d+ ms$/);
    expect(p.stdout()).not.toContain('\u001b[');
    // Nothing was forwarded, so nothing is unsubscribed.
    expect(await emu.subscriptions.list()).toHaveLength(1);
  });

  it('says when a delivery ends other than delivered, and stops cleanly on SIGINT', async () => {
    const emu = await startForTest({ delivery: { retry: { schedule: [] } } });
    const r = await receiver();
    r.setDefault({ status: 500 });
    await emu.subscribe(r.hookUrl('/fails'), 'customer_created');
    const p = cli(['listen', '--url', emu.url]);
    await p.line(/^listening for deliveries/, 'stderr');
    const settledLine = p.line(/failed after 1 attempt/);
    const [delivery] = (await emu.trigger('customer_created')).deliveries;
    expect(await settledLine).toMatch(new RegExp(`^ +${delivery} +failed after 1 attempt \\(last: http_error 500\\)$`));
    expect(p.stdout()).toMatch(new RegExp(`${delivery} +customer_created -> ${r.hookUrl('/fails')}  #1  http_error 500  \\d+ ms\n`));
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('keeps a subscription that existed before --forward-to, and exits 1 when the emulator goes away', async () => {
    const emu = await startForTest();
    const r = await receiver();
    await emu.subscribe(r.hookUrl('/all'), 'customer_created');
    const p = cli(['listen', '--url', emu.url, '--forward-to', r.hookUrl('/all')]);
    await p.line(/^listening for deliveries/, 'stderr');
    expect(p.stderr()).toContain('kept on exit');
    expect(await emu.subscriptions.list()).toHaveLength(EVENT_TYPES.length);
    await emu.close();
    expect(await p.exit).toBe(1);
    expect(p.stderr()).toContain('closed the stream');
  });

  it('exits 2 on a usage error and 1 when no emulator answers', async () => {
    const bad = cli(['listen', '--count', 'x']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--count must be a whole number');
    const none = cli(['listen', '--url', 'http://127.0.0.1:9']);
    expect(await none.exit).toBe(1);
    expect(none.stderr()).toContain('cannot reach the emulator');
  });
});

describe('solarproof-mock redeliver, subscriptions, trigger subject flags (real processes)', { timeout: 60_000 }, () => {
  it('subscriptions lists them as a table or JSON, and says when there are none', async () => {
    const emu = await startForTest();
    const empty = cli(['subscriptions', '--url', emu.url]);
    expect(await empty.exit).toBe(0);
    expect(empty.stderr()).toContain('No subscriptions');
    await emu.subscribe('http://127.0.0.1:9/a', 'customer_created');
    await emu.subscribe('http://127.0.0.1:9/b', 'project_sms_sent');
    const table = cli(['subscriptions', '--url', emu.url]);
    expect(await table.exit).toBe(0);
    const rows = table.stdout().trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+API KEY\s+TYPE\s+HOOK URL/);
    expect(rows.slice(1)).toEqual([expect.stringMatching(/^sub_1\s+sp_test_key\s+customer_created\s+http:\/\/127\.0\.0\.1:9\/a  \(/), expect.stringMatching(/^sub_2\s+sp_test_key\s+project_sms_sent\s+http:\/\/127\.0\.0\.1:9\/b/)]);
    const json = cli(['subscriptions', '--url', emu.url, '--json', '--type', 'project_sms_sent']);
    expect(await json.exit).toBe(0);
    expect(JSON.parse(json.stdout())).toEqual([expect.objectContaining({ id: 'sub_2', hookUrl: 'http://127.0.0.1:9/b' })]);
  });

  it('redeliver sends a delivery again (--wait follows it) and exits 1 for an unknown id', async () => {
    const emu = await startForTest();
    const r = await receiver();
    await emu.subscribe(r.hookUrl('/hook'), 'customer_created');
    const { deliveries } = await emu.trigger('customer_created');
    await emu.deliveries.waitFor({ state: 'delivered' });
    const p = cli(['redeliver', deliveries[0]!, '--wait', '--json', '--url', emu.url]);
    expect(await p.exit).toBe(0);
    expect(JSON.parse(p.stdout())).toMatchObject({ redeliveryOf: deliveries[0], state: 'delivered', hookUrl: r.hookUrl('/hook') });
    expect(r.requestsTo('/hook')).toHaveLength(2);
    const plain = cli(['redeliver', deliveries[0]!, '--url', emu.url]);
    expect(await plain.exit).toBe(0);
    expect(plain.stdout()).toMatch(new RegExp(`^dlv_3 pending customer_created -> ${r.hookUrl('/hook')} \\(redelivery of ${deliveries[0]}\\)`));
    const unknown = cli(['redeliver', 'dlv_999', '--url', emu.url]);
    expect(await unknown.exit).toBe(1);
    expect(unknown.stderr()).toContain('DELIVERY_NOT_FOUND');
  });

  it('trigger --customer-id and --status make the event about that customer and status', async () => {
    const emu = await startForTest();
    const r = await receiver();
    const created = await emu.trigger('customer_created');
    const customerId = created.events[0]!.payload.customer_id;
    await emu.subscribe(r.hookUrl('/status'), 'customer_status_change');
    const p = cli(['trigger', 'customer_status_change', '--customer-id', String(customerId), '--status', '3', '--url', emu.url]);
    expect(await p.exit).toBe(0);
    const [request] = await r.waitFor(1, { path: '/status' });
    expect(request!.json).toEqual([expect.objectContaining({ customer_id: customerId, new_status_id: 3 })]);
    const bad = cli(['trigger', 'customer_status_change', '--customer-id', 'abc', '--url', emu.url]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--customer-id must be a whole number');
  });

  it('serve --forward-to with {type} subscribes one URL per event type of the payload version', async () => {
    const p = cli(['--port', '0', '--payload-version', 'v1', '--forward-to', 'http://127.0.0.1:9/hooks/{type}']);
    const url = (await p.line(/^solarproof-mock listening on /)).replace('solarproof-mock listening on ', '');
    const { subscriptions } = (await (await fetch(`${url}/_emulator/subscriptions`)).json()) as { subscriptions: Array<{ type: string; hookUrl: string }> };
    expect(subscriptions).toHaveLength(EVENT_TYPES.length - 1);
    expect(subscriptions.every((s) => s.hookUrl === `http://127.0.0.1:9/hooks/${s.type}`)).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });
});
