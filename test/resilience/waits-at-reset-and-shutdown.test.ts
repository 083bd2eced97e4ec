import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, eventually, exitCode, listeningUrl } from '../support/cli-process.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/**
 * A long-poll open across a reset or a shutdown is answered with what it had matched and why; an
 * SSE stream open at shutdown gets a last `event: end` and ends cleanly (no reset connection).
 */
const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

interface ListAnswer {
  deliveries: Array<{ id: string; state: string }>;
  total: number;
  timedOut?: boolean;
  reason?: string;
}

async function longPollsOpen(url: string, n: number): Promise<void> {
  await eventually(
    async () => {
      const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as { longPolls?: number };
      return (stats.longPolls ?? 0) >= n ? true : undefined;
    },
    20_000,
    `${n} long-poll(s) open`,
  );
}

/** An SSE client on node:http: every byte it read, and how the stream ended ('end' cleanly, or the error). */
function sseClient(url: string): { text: () => string; connected: Promise<void>; ended: Promise<string> } {
  let text = '';
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const ended = new Promise<string>((resolve) => {
    const req = request(`${url}/_emulator/stream`, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes(': connected')) onConnected();
      });
      res.on('end', () => resolve('end'));
      res.on('error', (error) => resolve(`error: ${error.message}`));
      res.on('aborted', () => resolve('aborted'));
    });
    req.on('error', (error) => resolve(`error: ${error.message}`));
    req.end();
  });
  return { text: () => text, connected, ended };
}

describe('long-polls and streams at reset and shutdown', () => {
  it('a long-poll open across POST /_emulator/reset answers with the deliveries it had matched and reason "reset"', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const emu = await startForTest({ delivery: { retry: { schedule: [] } } });
    await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
    await emu.trigger('customer_created', { count: 2 });
    await emu.emulator.delivery.waitFor({ state: ['delivered'] }, 2, 10_000);

    const polled = fetch(`${emu.url}/_emulator/deliveries?state=delivered&min=5&wait=30000`);
    await longPollsOpen(emu.url, 1);
    expect((await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' })).status).toBeLessThan(300);
    const res = await polled;
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListAnswer;
    expect(body).toMatchObject({ total: 2, timedOut: false, reason: 'reset' });
    expect(body.deliveries.map((d) => d.id)).toEqual(['dlv_1', 'dlv_2']);
    expect(body.deliveries.every((d) => d.state === 'delivered')).toBe(true);
    // After the reset the journal is empty, as before.
    expect(((await (await fetch(`${emu.url}/_emulator/deliveries`)).json()) as ListAnswer).total).toBe(0);
  });

  it('at SIGTERM a long-poll answers with what it had and reason "shutdown", an SSE stream gets event: end and ends cleanly, and the process exits 0', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const child = cli(['--port', '0', '--seed', '1', '--retry-schedule', 'none', '--forward-to', receiver.hookUrl('/hook')]);
    const url = await listeningUrl(child);
    const trigger = await fetch(`${url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }) });
    expect(trigger.status).toBe(200);
    await eventually(
      async () => (((await (await fetch(`${url}/_emulator/deliveries?state=delivered`)).json()) as ListAnswer).total === 1 ? true : undefined),
      20_000,
      'dlv_1 delivered',
    );

    const stream = sseClient(url);
    await stream.connected;
    const polled = fetch(`${url}/_emulator/deliveries?state=delivered&min=3&wait=60000`);
    await longPollsOpen(url, 1);
    child.kill('SIGTERM');

    const res = await polled;
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListAnswer;
    expect(body).toMatchObject({ total: 1, timedOut: false, reason: 'shutdown' });
    expect(body.deliveries.map((d) => d.id)).toEqual(['dlv_1']);
    expect(await stream.ended).toBe('end');
    expect(stream.text()).toMatch(/event: end\ndata: \{"reason":"shutdown"/);
    expect(await exitCode(child)).toBe(0);
  }, 60_000);
});
