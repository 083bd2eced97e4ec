import { spawn } from 'node:child_process';
import { describe, expect, it, type TestContext } from 'vitest';
import { EVENT_TYPES } from '../../src/core/event-types.js';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../src/start-emulator.js';
import { cliArgs } from '../support/cli-process.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const ROOT = new URL('../../', import.meta.url).pathname;

// The tests run at the same time (describe.concurrent): most of their time is spent waiting on
// processes they started. So each test ends what it started itself, through its own context's
// onTestFinished (a file-wide afterEach would end the processes of tests still running).
type Finished = TestContext['onTestFinished'];

interface Proc {
  child: ReturnType<typeof spawn>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout line (or stderr line, with `from: 'stderr'`) matching `re`. */
  line(re: RegExp, from?: 'stdout' | 'stderr'): Promise<string>;
  exit: Promise<number | null>;
}

function cli(onTestFinished: Finished, args: string[], env: Record<string, string> = {}): Proc {
  // One node process (the run's bundle of src/, or tsx's loader): a signal reaches the CLI itself.
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, SPMOCK_LOG_LEVEL: 'silent', NO_COLOR: '', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
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

async function receiver(onTestFinished: Finished): Promise<TestReceiver> {
  const r = await startTestReceiver();
  onTestFinished(() => r.close());
  return r;
}

/** An emulator for one test (as startForTest starts one), closed when that test ends. */
async function emulator(onTestFinished: Finished, options: StartOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator(options);
  onTestFinished(() => emu.close());
  return emu;
}

describe.concurrent('solarproof-mock listen / tail (real processes)', { timeout: 60_000 }, () => {
  it('--forward-to with {type} subscribes one URL per type, prints each attempt as JSON, and unsubscribes on SIGTERM', async ({ onTestFinished: done }) => {
    const emu = await emulator(done);
    const r = await receiver(done);
    const p = cli(done, ['listen', '--url', emu.url, '--json', '--forward-to', r.hookUrl('/hooks/{type}')]);
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

  it('tail prints one readable line per attempt (failures and retries too) and stops after --count', async ({ onTestFinished: done }) => {
    const emu = await emulator(done, { delivery: { retry: { schedule: [10] } } });
    const r = await receiver(done);
    r.setDefault({ status: 503 });
    await emu.subscribe(r.hookUrl('/down'), 'customer_created');
    const p = cli(done, ['tail', '--url', emu.url, '--count', '2', '--type', 'customer_created']);
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

  it('says when a delivery ends other than delivered, and stops cleanly on SIGINT', async ({ onTestFinished: done }) => {
    const emu = await emulator(done, { delivery: { retry: { schedule: [] } } });
    const r = await receiver(done);
    r.setDefault({ status: 500 });
    await emu.subscribe(r.hookUrl('/fails'), 'customer_created');
    const p = cli(done, ['listen', '--url', emu.url]);
    await p.line(/^listening for deliveries/, 'stderr');
    const settledLine = p.line(/failed after 1 attempt/);
    const [delivery] = (await emu.trigger('customer_created')).deliveries;
    expect(await settledLine).toMatch(new RegExp(`^ +${delivery} +failed after 1 attempt \\(last: http_error 500\\)$`));
    expect(p.stdout()).toMatch(new RegExp(`${delivery} +customer_created -> ${r.hookUrl('/fails')}  #1  http_error 500  \\d+ ms\n`));
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('keeps a subscription that existed before --forward-to, and exits 1 when the emulator goes away', async ({ onTestFinished: done }) => {
    const emu = await emulator(done);
    const r = await receiver(done);
    await emu.subscribe(r.hookUrl('/all'), 'customer_created');
    const p = cli(done, ['listen', '--url', emu.url, '--forward-to', r.hookUrl('/all')]);
    await p.line(/^listening for deliveries/, 'stderr');
    expect(p.stderr()).toContain('kept on exit');
    expect(await emu.subscriptions.list()).toHaveLength(EVENT_TYPES.length);
    await emu.close();
    expect(await p.exit).toBe(1);
    expect(p.stderr()).toContain('closed the stream');
  });

  it('exits 2 on a usage error and 1 when no emulator answers', async ({ onTestFinished: done }) => {
    // Two independent processes, started together.
    const bad = cli(done, ['listen', '--count', 'x']);
    const none = cli(done, ['listen', '--url', 'http://127.0.0.1:9']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--count must be a whole number');
    expect(await none.exit).toBe(1);
    expect(none.stderr()).toContain('cannot reach the emulator');
  });
});

describe.concurrent('solarproof-mock redeliver, subscriptions, trigger subject flags (real processes)', { timeout: 60_000 }, () => {
  it('subscriptions lists them as a table or JSON, and says when there are none', async ({ onTestFinished: done }) => {
    const emu = await emulator(done);
    const empty = cli(done, ['subscriptions', '--url', emu.url]);
    expect(await empty.exit).toBe(0);
    expect(empty.stderr()).toContain('No subscriptions');
    await emu.subscribe('http://127.0.0.1:9/a', 'customer_created');
    await emu.subscribe('http://127.0.0.1:9/b', 'project_sms_sent');
    const table = cli(done, ['subscriptions', '--url', emu.url]);
    expect(await table.exit).toBe(0);
    const rows = table.stdout().trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+API KEY\s+TYPE\s+HOOK URL/);
    expect(rows.slice(1)).toEqual([expect.stringMatching(/^sub_1\s+sp_test_key\s+customer_created\s+http:\/\/127\.0\.0\.1:9\/a  \(/), expect.stringMatching(/^sub_2\s+sp_test_key\s+project_sms_sent\s+http:\/\/127\.0\.0\.1:9\/b/)]);
    const json = cli(done, ['subscriptions', '--url', emu.url, '--json', '--type', 'project_sms_sent']);
    expect(await json.exit).toBe(0);
    expect(JSON.parse(json.stdout())).toEqual([expect.objectContaining({ id: 'sub_2', hookUrl: 'http://127.0.0.1:9/b' })]);
  });

  it('redeliver sends a delivery again (--wait follows it) and exits 1 for an unknown id', async ({ onTestFinished: done }) => {
    const emu = await emulator(done);
    const r = await receiver(done);
    await emu.subscribe(r.hookUrl('/hook'), 'customer_created');
    const { deliveries } = await emu.trigger('customer_created');
    await emu.deliveries.waitFor({ state: 'delivered' });
    const p = cli(done, ['redeliver', deliveries[0]!, '--wait', '--json', '--url', emu.url]);
    expect(await p.exit).toBe(0);
    expect(JSON.parse(p.stdout())).toMatchObject({ redeliveryOf: deliveries[0], state: 'delivered', hookUrl: r.hookUrl('/hook') });
    expect(r.requestsTo('/hook')).toHaveLength(2);
    // An unknown id makes no delivery, so the two run together and the plain one is still dlv_3.
    const plain = cli(done, ['redeliver', deliveries[0]!, '--url', emu.url]);
    const unknown = cli(done, ['redeliver', 'dlv_999', '--url', emu.url]);
    expect(await plain.exit).toBe(0);
    expect(plain.stdout()).toMatch(new RegExp(`^dlv_3 pending customer_created -> ${r.hookUrl('/hook')} \\(redelivery of ${deliveries[0]}\\)`));
    expect(await unknown.exit).toBe(1);
    expect(unknown.stderr()).toContain('DELIVERY_NOT_FOUND');
  });

  it('trigger --customer-id and --status make the event about that customer and status', async ({ onTestFinished: done }) => {
    const emu = await emulator(done);
    const r = await receiver(done);
    const created = await emu.trigger('customer_created');
    const customerId = created.events[0]!.payload.customer_id;
    await emu.subscribe(r.hookUrl('/status'), 'customer_status_change');
    // A usage error triggers nothing, so it runs beside the real trigger.
    const p = cli(done, ['trigger', 'customer_status_change', '--customer-id', String(customerId), '--status', '3', '--url', emu.url]);
    const bad = cli(done, ['trigger', 'customer_status_change', '--customer-id', 'abc', '--url', emu.url]);
    expect(await p.exit).toBe(0);
    const [request] = await r.waitFor(1, { path: '/status' });
    expect(request!.json).toEqual([expect.objectContaining({ customer_id: customerId, new_status_id: 3 })]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--customer-id must be a whole number');
  });

  it('serve --forward-to with {type} subscribes one URL per event type of the payload version', async ({ onTestFinished: done }) => {
    const p = cli(done, ['--port', '0', '--payload-version', 'v1', '--forward-to', 'http://127.0.0.1:9/hooks/{type}']);
    const url = (await p.line(/^solarproof-mock listening on /)).replace('solarproof-mock listening on ', '');
    const { subscriptions } = (await (await fetch(`${url}/_emulator/subscriptions`)).json()) as { subscriptions: Array<{ type: string; hookUrl: string }> };
    expect(subscriptions).toHaveLength(EVENT_TYPES.length - 1);
    expect(subscriptions.every((s) => s.hookUrl === `http://127.0.0.1:9/hooks/${s.type}`)).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });
});
