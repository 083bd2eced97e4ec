import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { monotonicMs, systemClock } from '../../src/core/clock.js';
import { heldSend } from '../../src/delivery/held-send.js';
import { createNodeHttpTransport } from '../../src/delivery/node-http-transport.js';
import { threadedSends, type ThreadedTransport } from '../../src/delivery/sender-thread.js';
import type { AttemptHandle, Transport, TransportOutcome, TransportRequest } from '../../src/delivery/transport.js';

/**
 * The sender thread (decision 0055): a request handed over before its moment is written at that
 * moment, by the thread, even while the main thread is busy; a cancel before the moment sends
 * nothing; a closed transport ends what it held. The receiver is a process of its own, stamping
 * arrivals on the monotonic clock the moments are on (the same clock in every process).
 */
const RECEIVER = `
const http = require('node:http');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const arrivals = [];
const server = http.createServer((req, res) => {
  const at = now();
  req.resume();
  req.on('end', () => { arrivals.push({ at, url: req.url }); res.writeHead(200).end('ok'); });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', () => process.send({ arrivals: arrivals.splice(0) }));
process.on('disconnect', () => process.exit(0));
`;

let receiver: ChildProcess;
let base: string;
const arrivals = (): Promise<Array<{ at: number; url: string }>> =>
  new Promise((resolve) => (receiver.once('message', (m) => resolve((m as { arrivals: Array<{ at: number; url: string }> }).arrivals)), receiver.send('arrivals')));

beforeAll(async () => {
  receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve) => receiver.once('message', (m) => resolve(m as { port: number })));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  receiver.kill('SIGKILL');
});

const request = (path: string, sendAt: number | undefined): TransportRequest => ({
  url: `${base}${path}`,
  body: '{"type_request":"customer_created"}',
  contentType: 'application/json',
  userAgent: 'solarproof-mock/test',
  timeoutMs: 5000,
  rejectUnauthorized: true,
  bodyMode: { mode: 'whole' },
  ...(sendAt === undefined ? {} : { sendAt }),
});

/** Keeps the main thread busy for `ms`: no timer, no I/O of this thread runs meanwhile. */
function busy(ms: number): void {
  const end = monotonicMs() + ms;
  while (monotonicMs() < end);
}

describe('the sender thread', () => {
  const made: Transport[] = [];
  const transport = (): ThreadedTransport => {
    const t = threadedSends(createNodeHttpTransport({ now: () => Date.now(), clock: systemClock }));
    made.push(t);
    return t;
  };
  afterEach(() => {
    for (const t of made.splice(0)) t.close();
  });

  it('writes a held request at its moment while the main thread is busy then', async () => {
    const t = transport();
    await t.started();
    const sendAt = monotonicMs() + 40;
    const handle = t.send(request('/busy', sendAt));
    // From before the moment to well after it: only the thread can write it meanwhile.
    busy(40 + 150);
    const blockedUntil = monotonicMs();
    expect(await handle.result).toMatchObject({ kind: 'response', status: 200, responseBody: 'ok' });
    const [seen] = await arrivals();
    expect(seen!.url).toBe('/busy');
    expect(seen!.at).toBeGreaterThanOrEqual(sendAt - 0.05);
    expect(seen!.at, 'arrived while the main thread was busy').toBeLessThan(blockedUntil);
  });

  it('holds a request sent while the thread starts on the main thread instead, until its moment', async () => {
    const t = transport();
    const sendAt = monotonicMs() + 30;
    const outcome = await t.send(request('/starting', sendAt)).result;
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    const [seen] = await arrivals();
    expect(seen!.at).toBeGreaterThanOrEqual(sendAt - 0.05);
  });

  it('sends nothing for a request cancelled before its moment, and sends the next one', async () => {
    const t = transport();
    await t.started();
    const cancelled = t.send(request('/cancelled', monotonicMs() + 40));
    const next = t.send(request('/next', monotonicMs() + 80));
    cancelled.cancel();
    expect(await cancelled.result).toMatchObject({ kind: 'cancelled' });
    expect(await next.result).toMatchObject({ kind: 'response', status: 200 });
    // /next's moment came after /cancelled's: had that one gone, it would have arrived first.
    expect((await arrivals()).map((a) => a.url)).toEqual(['/next']);
  });

  it('ends a held request when the transport is closed, and sends a request without a moment at once', async () => {
    const t = transport();
    await t.started();
    const held = t.send(request('/held', monotonicMs() + 5000));
    t.close();
    expect(await held.result).toMatchObject({ kind: 'network', failure: 'connection_reset', error: 'the transport was closed' });
    const now = t.send(request('/now', undefined));
    expect(await now.result).toMatchObject({ kind: 'response', status: 200 });
    expect((await arrivals()).map((a) => a.url)).toEqual(['/now']);
  });
});

describe('heldSend', () => {
  /** A transport that records when each request reached it and answers at once. */
  function recording(): Transport & { at: number[] } {
    const at: number[] = [];
    return {
      at,
      send: (): AttemptHandle => (at.push(monotonicMs()), { result: Promise.resolve<TransportOutcome>({ kind: 'response', status: 200, durationMs: 0, responseBody: '' }), cancel: () => undefined }),
      close: () => undefined,
    };
  }

  it('passes a request to its transport at its moment, not before', async () => {
    const inner = recording();
    const sendAt = monotonicMs() + 25;
    expect(await heldSend(inner, request('/h', sendAt)).result).toMatchObject({ kind: 'response' });
    expect(inner.at).toHaveLength(1);
    expect(inner.at[0]).toBeGreaterThanOrEqual(sendAt);
  });

  it('passes a request whose moment has passed, or that has none, at once', () => {
    const inner = recording();
    heldSend(inner, request('/late', monotonicMs() - 1));
    heldSend(inner, request('/none', undefined));
    expect(inner.at).toHaveLength(2);
  });

  it('answers cancelled for a request cancelled while held, never passing it on', async () => {
    const inner = recording();
    const handle = heldSend(inner, request('/c', monotonicMs() + 20));
    const later = heldSend(inner, request('/later', monotonicMs() + 40));
    handle.cancel();
    expect(await handle.result).toMatchObject({ kind: 'cancelled' });
    // The later one passed on after the cancelled one's moment: only it reached the transport.
    await later.result;
    expect(inner.at).toHaveLength(1);
  });
});
