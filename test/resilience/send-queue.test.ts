import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';

/** A receiver that holds every answer until the test lets it go. */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      held.push(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const release = (n = held.length): void => {
    for (const res of held.splice(0, n)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  return {
    hookUrl: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    held: () => held.length,
    release,
    close: async () => {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

type Receiver = Awaited<ReturnType<typeof holdingReceiver>>;
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setup(waitMs: number) {
  const receiver = await holdingReceiver();
  receivers.push(receiver);
  const emu = await startForTest({
    delivery: { sendQueue: { max: 2, waitMs }, retry: { schedule: [] }, timeoutMs: 60_000 },
    subscriptions: [{ hookUrl: receiver.hookUrl, types: ['customer_created'] }],
  });
  const post = (signal?: AbortSignal) =>
    fetch(`${emu.url}/_emulator/events`, { method: 'POST', body: JSON.stringify({ type: 'customer_created' }), ...(signal ? { signal } : {}) });
  // Two deliveries in flight, held by the receiver: the send queue is full.
  await emu.trigger('customer_created');
  await emu.trigger('customer_created');
  await until('two held requests', () => receiver.held() === 2);
  return { emu, receiver, post };
}

describe('back-pressure: a trigger waits for room in the send queue (delivery.sendQueue)', () => {
  it('waits while max deliveries are unanswered, and goes on when one is answered', async () => {
    const { emu, receiver, post } = await setup(60_000);
    const third = post();
    await until('a waiting trigger', async () => (await emu.stats()).triggersWaiting === 1);
    // While it waits, nothing of it exists: no event, no delivery, no request.
    expect((await emu.stats()).total).toBe(2);
    expect(receiver.received()).toBe(2);

    receiver.release(1);
    const res = await third;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { events: { id: string }[]; deliveries: string[] };
    expect(body.events[0]!.id).toBe('evt_3');
    expect(body.deliveries).toEqual(['dlv_3']);
    expect((await emu.stats()).triggersWaiting).toBe(0);
    await until('the third request', () => receiver.received() === 3);
  });

  it('refuses with 429 SEND_QUEUE_FULL after waitMs and creates nothing', async () => {
    const { emu, receiver, post } = await setup(300);
    const res = await post();
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('1');
    const problem = (await res.json()) as { code: string; detail: string; sendQueueMax: number; unsent: number };
    expect(problem).toMatchObject({ code: 'SEND_QUEUE_FULL', sendQueueMax: 2, unsent: 2 });
    expect(problem.detail).toContain('delivery.sendQueue.waitMs');

    receiver.release();
    await until('two delivered', async () => (await emu.stats()).delivered === 2);
    const next = await emu.trigger('customer_created');
    // The refused trigger made no event: the next one is evt_3.
    expect(next.events[0]!.id).toBe('evt_3');
    expect(next.deliveries).toEqual(['dlv_3']);
  });

  it('a client that goes away while waiting creates nothing', async () => {
    const { emu, receiver, post } = await setup(60_000);
    const gone = new AbortController();
    const abandoned = post(gone.signal).catch((e: unknown) => e);
    await until('a waiting trigger', async () => (await emu.stats()).triggersWaiting === 1);
    gone.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    await until('the waiter to be forgotten', async () => (await emu.stats()).triggersWaiting === 0);

    receiver.release();
    await until('two delivered', async () => (await emu.stats()).delivered === 2);
    expect((await emu.stats()).total).toBe(2);
    expect((await emu.trigger('customer_created')).events[0]!.id).toBe('evt_3');
  });

  it('sendQueue.max 0 turns waiting off, and raising max lets waiting triggers go', async () => {
    const { emu, post } = await setup(60_000);
    const waiting = post();
    await until('a waiting trigger', async () => (await emu.stats()).triggersWaiting === 1);
    await emu.config.update({ delivery: { sendQueue: { max: 0 } } });
    expect((await waiting).status).toBe(200);
    // Off: a trigger goes through with the receiver still holding three.
    expect((await post()).status).toBe(200);
    expect((await emu.stats()).total).toBe(4);
  });
});
