import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { cli, eventually, exitCode, listeningUrl } from '../support/cli-process.js';

// A few kills here; the soak runs more: SPMOCK_KILL_ROUNDS=20 npx vitest run test/resilience/kill-nine.test.ts
const ROUNDS = Number(process.env.SPMOCK_KILL_ROUNDS ?? 3);

const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const post = async <T>(url: string, body: unknown): Promise<T> => (await (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json()) as T;

/** Adds `value` to the set of values seen for `key`. */
function see(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/** How many different customer ids the receiver has been sent (retries of one delivery count once). */
function customersSent(receiver: TestReceiver): number {
  return new Set(receiver.requests.map((r) => (r.json as { customer_id?: number }).customer_id).filter((id) => id !== undefined)).size;
}

/** Reads SSE frames (`payload=true`) into `seen` until the stream ends (the process is killed). */
async function readStream(url: string, seen: { deliveries: Map<string, Set<string>>; events: Map<string, Set<string>> }, frames: { n: number }): Promise<void> {
  try {
    const res = await fetch(`${url}/_emulator/stream?payload=true`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (!frame.startsWith('event: delivery') || data === undefined) continue;
        const d = (JSON.parse(data.slice(6)) as { delivery: { id: string; eventId: string; payload?: unknown } }).delivery;
        see(seen.deliveries, d.id, d.eventId);
        if (d.payload !== undefined) see(seen.events, d.eventId, JSON.stringify(d.payload));
        frames.n++;
      }
    }
  } catch {
    // The emulator was killed: the stream ends here.
  }
}

describe('kill -9 under a schedule, an SSE client and request traffic', () => {
  it(`after each of ${ROUNDS} kills, no id the receiver or the stream saw is issued to anything else, and nothing acknowledged is missing`, async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const dataDir = mkdtempSync(join(tmpdir(), 'spmock-kill-'));
    const args = ['--port', '0', '--seed', '7', '--data-dir', dataDir, '--retry-schedule', '200'];
    // What was seen outside: delivery id -> event ids (SSE), event id -> bodies (SSE), customer id -> bodies (receiver).
    const seen = { deliveries: new Map<string, Set<string>>(), events: new Map<string, Set<string>>() };
    const acknowledged: Array<{ event: string; delivery: string }> = [];
    let url = '';
    for (let round = 0; round < ROUNDS; round++) {
      const child = cli(args);
      url = await listeningUrl(child);
      if (round === 0) {
        await post(`${url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { hookUrl: receiver.hookUrl('/hook'), type_request: 'customer_created' });
        await post(`${url}/_emulator/schedules`, { type: 'customer_created', everyMs: 100 });
      }
      const frames = { n: 0 };
      const stream = readStream(url, seen, frames);
      const before = customersSent(receiver);
      // Request traffic beside the schedule: each answer is acknowledged work.
      for (let i = 0; i < 3; i++) {
        const r = await post<{ events: Array<{ id: string }>; deliveries: string[] }>(`${url}/_emulator/events`, { type: 'customer_created' });
        acknowledged.push({ event: r.events[0]!.id, delivery: r.deliveries[0]! });
      }
      // Kill while schedule ticks are going out (their state file write can be up to a second behind).
      // Counted in different customers, not requests: on a loaded machine attempts time out and
      // retries resend the same customer.
      await eventually(async () => (customersSent(receiver) >= before + 8 && frames.n >= 8 ? true : undefined), 30_000, 'webhooks and SSE frames of this round');
      child.kill('SIGKILL');
      await exitCode(child);
      await stream;
    }
    // One last start: every id issued from now on is checked too.
    const child = cli(args);
    url = await listeningUrl(child);
    const frames = { n: 0 };
    const stream = readStream(url, seen, frames);
    const before = receiver.requests.length;
    await eventually(async () => (receiver.requests.length >= before + 5 && frames.n >= 5 ? true : undefined), 30_000, 'webhooks after the last restart');
    const journal = (await (await fetch(`${url}/_emulator/deliveries?limit=100000`)).json()) as { deliveries: Array<{ id: string; eventId: string }> };
    child.kill('SIGKILL');
    await exitCode(child);
    await stream;

    // The stream never saw one delivery id or event id stand for two different things.
    for (const [id, events] of seen.deliveries) expect([...events], `${id} was issued twice`).toHaveLength(1);
    for (const [id, bodies] of seen.events) expect(bodies.size, `${id} was issued twice`).toBe(1);
    // The receiver never got two different people under one customer id.
    const people = new Map<string, Set<string>>();
    for (const r of receiver.requests) {
      const body = r.json as { customer_id?: number; first_name?: string; customer_email?: string };
      if (body.customer_id !== undefined) see(people, String(body.customer_id), `${body.first_name}|${body.customer_email}`);
    }
    expect(people.size).toBeGreaterThan(ROUNDS * 8);
    for (const [id, who] of people) expect([...who], `customer ${id} was issued twice`).toHaveLength(1);
    // Every acknowledged trigger is in the journal, with its event.
    const byId = new Map(journal.deliveries.map((d) => [d.id, d.eventId]));
    for (const a of acknowledged) expect(byId.get(a.delivery), `${a.delivery} (acknowledged) is missing`).toBe(a.event);
  }, 60_000 + ROUNDS * 30_000);
});
