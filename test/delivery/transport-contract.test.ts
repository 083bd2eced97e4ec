import type { LookupAddress, LookupOptions } from 'node:dns';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monotonicMs, systemClock } from '../../src/core/clock.js';
import { createGotTransport } from '../../src/delivery/got-transport.js';
import { RESPONSE_BODY_LIMIT, shapeBody, type Transport, type TransportOutcome, type TransportRequest } from '../../src/delivery/transport.js';
import { createNodeHttpTransport } from '../../src/delivery/node-http-transport.js';
import { threadedSends, type ThreadedTransport } from '../../src/delivery/sender-thread.js';
import { createUndiciTransport } from '../../src/delivery/undici-transport.js';
import { freePort, selfSigned, startTestReceiver, until, type TestReceiver } from './transport-receiver.js';

/**
 * The contract every delivery transport keeps: the same outcome for the same receiver behaviour,
 * the same bytes and headers on the wire, and bounded memory whatever the receiver answers.
 */

interface TransportFactoryOptions {
  lookup?: LookupFunction;
}

const TRANSPORTS: Array<[name: string, create: (o: TransportFactoryOptions) => Transport]> = [
  ['got', (o) => createGotTransport({ now: () => Date.now(), clock: systemClock, ...o })],
  ['undici', (o) => createUndiciTransport({ now: () => Date.now(), clock: systemClock, ...o })],
  ['node', (o) => createNodeHttpTransport({ now: () => Date.now(), clock: systemClock, ...o })],
  ['node, on the sender thread', heldOnThread],
];

/**
 * The node transport behind the sender thread (decision 0055), every request handed over 5 ms
 * before its moment as the engine hands one with injected latency: a whole body to an http: URL
 * goes out from the thread, a slow or aborting body or an https: one waits on the main thread.
 */
function heldOnThread(o: TransportFactoryOptions): ThreadedTransport {
  const threaded = threadedSends(createNodeHttpTransport({ now: () => Date.now(), clock: systemClock, ...o }), { lookup: o.lookup });
  return { ...threaded, send: (request) => threaded.send({ ...request, sendAt: monotonicMs() + 5 }) };
}

const BODY = JSON.stringify({ customer_id: 48213, customer_name: 'Ana Smith', customer_notes: 'x'.repeat(900) });
const MB = 2 ** 20;

/** A resolver for made-up names: receiver.test is this machine, blocked.test is refused, hang.test never resolves. */
function fakeLookup(calls: string[]): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    calls.push(hostname);
    const fail = (code: string, message: string): void => callback(Object.assign(new Error(message), { code, hostname }), '', 4);
    if (hostname === 'hang.test') return; // never answers: the connection never starts
    if (hostname === 'blocked.test') return fail('EHOSTBLOCKED', `address of ${hostname} is not allowed`);
    if (hostname !== 'receiver.test') return fail('ENOTFOUND', `getaddrinfo ENOTFOUND ${hostname}`);
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  }) as LookupFunction;
}

const tls = selfSigned();

/** A full garbage collection, without starting node with --expose-gc. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe.each(TRANSPORTS)('the %s transport', (_name, create) => {
  let receiver: TestReceiver;
  let transport: Transport;
  let lookups: string[];
  const extra: Array<{ close(): unknown }> = [];

  beforeEach(async () => {
    receiver = await startTestReceiver();
    lookups = [];
    transport = create({ lookup: fakeLookup(lookups) });
    // The sender thread takes requests once it has started (before, they wait on the main thread).
    await (transport as Partial<ThreadedTransport>).started?.();
  });
  afterEach(async () => {
    transport.close();
    for (const x of extra.splice(0)) await x.close();
    await receiver.close();
  });

  const request = (over: Partial<TransportRequest> = {}): TransportRequest => ({
    url: `${receiver.url}/hook`,
    body: BODY,
    contentType: 'application/json',
    userAgent: 'solarproof-mock/test',
    timeoutMs: 5000,
    rejectUnauthorized: true,
    bodyMode: { mode: 'whole' },
    ...over,
  });
  const send = (over: Partial<TransportRequest> = {}): Promise<TransportOutcome> => transport.send(request(over)).result;

  describe('answers', () => {
    it('records a 200 with its body, and the receiver gets the body whole', async () => {
      receiver.answer((req, res) => req.once('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')));
      const outcome = await send();
      expect(outcome).toMatchObject({ kind: 'response', status: 200, responseBody: '{"received":true}' });
      expect(outcome).not.toHaveProperty('retryAfter');
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]).toMatchObject({ method: 'POST', url: '/hook', body: BODY, finished: 'end' });
    });

    it('records a 500 with its Retry-After header', async () => {
      receiver.answer((req, res) => req.once('end', () => res.writeHead(500, { 'retry-after': '120' }).end('busy')));
      expect(await send()).toMatchObject({ kind: 'response', status: 500, responseBody: 'busy', retryAfter: '120' });
    });

    it('does not follow a redirect: a 302 is just an answer', async () => {
      receiver.answer((req, res) =>
        req.once('end', () => res.writeHead(302, { location: `${receiver.url}/elsewhere` }).end('moved')),
      );
      expect(await send()).toMatchObject({ kind: 'response', status: 302, responseBody: 'moved' });
      expect(receiver.requests.map((r) => r.url)).toEqual(['/hook']);
    });

    it('reuses one kept-alive connection for attempts one after another', async () => {
      for (let i = 0; i < 3; i++) expect(await send()).toMatchObject({ kind: 'response', status: 200 });
      expect(receiver.connections()).toBe(1);
    });

    it('keeps only the first RESPONSE_BODY_LIMIT characters of a 20 MB answer and still finishes', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      chunk.write('é-start-', 0); // a multibyte character first: characters are kept, not bytes
      receiver.answer((req, res) =>
        req.once('end', () => {
          res.writeHead(200, { 'content-length': String(20 * MB) });
          let sent = 0;
          const pump = (): void => {
            while (sent < 20 * MB) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            res.end();
          };
          pump();
        }),
      );
      const outcome = await send({ timeoutMs: 30_000 });
      expect(outcome.kind).toBe('response');
      if (outcome.kind !== 'response') return;
      expect(outcome.responseBody).toHaveLength(RESPONSE_BODY_LIMIT);
      expect(outcome.responseBody.startsWith('é-start-aaa')).toBe(true);
    });

    it('ends an endless answer at the timeout, without keeping what arrived', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'z');
      let sent = 0;
      receiver.answer((req, res) => {
        res.writeHead(200);
        const pump = (): void => {
          while (!res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        pump();
      });
      // What is still reachable (after a full GC) while the answer streams in: without a forced
      // GC, garbage chunks would look like kept ones.
      const retained = (): number => {
        collectGarbage();
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      const base = retained();
      let peak = 0;
      const sample = setInterval(() => (peak = Math.max(peak, retained() - base)), 100);
      const outcome = await send({ timeoutMs: 1500 });
      clearInterval(sample);
      expect(outcome.kind).toBe('timeout');
      expect(outcome.durationMs).toBeGreaterThanOrEqual(1400);
      expect(outcome.durationMs).toBeLessThan(10_000);
      // Kept whole, the answer would cost about what was sent (hundreds of MB on loopback).
      expect(sent).toBeGreaterThan(0);
      expect(peak, `${(peak / MB).toFixed(1)} MB retained of ${(sent / MB).toFixed(0)} MB sent`).toBeLessThan(Math.max(32 * MB, sent / 4));
    });
  });

  describe('interim (1xx) answers', () => {
    const okAfterEnd = (req: IncomingMessage, res: ServerResponse): void => {
      req.once('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'));
    };

    it('skips a 100 Continue the receiver sends unasked before its 200 (delivered, the connection kept)', async () => {
      receiver.answer((req, res) => {
        res.writeContinue();
        okAfterEnd(req, res);
      });
      expect(await send()).toMatchObject({ kind: 'response', status: 200, responseBody: '{"received":true}' });
      expect(await send()).toMatchObject({ kind: 'response', status: 200 });
      expect(receiver.requests.map((r) => r.body)).toEqual([BODY, BODY]);
      expect(receiver.connections()).toBe(1);
    });

    it('skips a 100 Continue sent after the body, and two of them', async () => {
      receiver.answer((req, res) =>
        req.once('end', () => {
          res.writeContinue();
          res.writeContinue();
          res.writeHead(201).end('made');
        }),
      );
      expect(await send()).toMatchObject({ kind: 'response', status: 201, responseBody: 'made' });
    });

    it('skips 102 Processing and 103 Early Hints before the 200', async () => {
      receiver.answer((req, res) => {
        res.writeProcessing();
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        okAfterEnd(req, res);
      });
      expect(await send()).toMatchObject({ kind: 'response', status: 200, responseBody: '{"received":true}' });
      expect(await send()).toMatchObject({ kind: 'response', status: 200 });
    });

    it('records a 101 Switching Protocols as a 101 answer at once, never waiting for the deadline, and sends the next attempt', async () => {
      receiver.answer((req) =>
        req.once('end', () => req.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')),
      );
      const outcome = await send({ timeoutMs: 3000 });
      expect(outcome).toMatchObject({ kind: 'response', status: 101 });
      expect(outcome.durationMs).toBeLessThan(3000);
      receiver.answer(okAfterEnd);
      expect(await send()).toMatchObject({ kind: 'response', status: 200 });
    });

    it('ends a 101 answer that keeps its connection open within timeoutMs at the latest', async () => {
      // Upgrade headers missing: not an upgrade to the parser, an answer with no end.
      receiver.answer((req) => req.once('end', () => req.socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n')));
      const outcome = await send({ timeoutMs: 800 });
      expect(['response', 'timeout', 'network']).toContain(outcome.kind);
      expect(outcome).not.toMatchObject({ kind: 'response', status: 200 });
      expect(outcome.durationMs).toBeLessThan(800 + 2000);
    });
  });

  describe('failures', () => {
    it('names a refused connection', async () => {
      const port = await freePort();
      const outcome = await send({ url: `http://127.0.0.1:${port}/hook` });
      expect(outcome).toMatchObject({ kind: 'network', failure: 'connection_refused' });
      if (outcome.kind === 'network') expect(outcome.error).toContain('ECONNREFUSED');
    });

    it('names a connection the receiver destroys mid-answer a reset', async () => {
      receiver.answer((req, res) =>
        req.once('end', () => {
          res.writeHead(200, { 'content-length': '1000' });
          res.write('partial', () => res.socket?.destroy());
        }),
      );
      expect(await send()).toMatchObject({ kind: 'network', failure: 'connection_reset' });
    });

    it('names a connection the receiver destroys before answering a reset', async () => {
      receiver.answer((req) => req.once('end', () => req.socket.destroy()));
      expect(await send()).toMatchObject({ kind: 'network', failure: 'connection_reset' });
    });

    it('times out when the receiver never answers', async () => {
      receiver.answer(() => undefined);
      const outcome = await send({ timeoutMs: 300 });
      expect(outcome.kind).toBe('timeout');
      expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
      expect(outcome.durationMs).toBeLessThan(5000);
    });

    it('times out during a slow answer: the whole body must arrive within the timeout', async () => {
      receiver.answer((req, res) =>
        req.once('end', () => {
          res.writeHead(200, { 'content-length': '1000' });
          const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('x')), 50);
          res.once('close', () => clearInterval(drip));
        }),
      );
      const outcome = await send({ timeoutMs: 400 });
      expect(outcome.kind).toBe('timeout');
      expect(outcome.durationMs).toBeGreaterThanOrEqual(350);
    });

    it('resolves a made-up name through the injected lookup', async () => {
      const outcome = await send({ url: `http://receiver.test:${receiver.port}/hook` });
      expect(outcome).toMatchObject({ kind: 'response', status: 200 });
      expect(lookups).toContain('receiver.test');
      expect(receiver.requests[0]!.headers.host).toBe(`receiver.test:${receiver.port}`);
    });

    it('times out while still connecting (the lookup never answers)', async () => {
      const outcome = await send({ url: `http://hang.test:${receiver.port}/hook`, timeoutMs: 300 });
      expect(outcome.kind).toBe('timeout');
      expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
      expect(receiver.connections()).toBe(0);
    });

    it('names a name the lookup does not know a dns_error', async () => {
      expect(await send({ url: `http://nowhere.test:${receiver.port}/hook` })).toMatchObject({ kind: 'network', failure: 'dns_error' });
    });

    it('records an address the lookup refuses (EHOSTBLOCKED) as blocked, without connecting', async () => {
      const outcome = await send({ url: `http://blocked.test:${receiver.port}/hook` });
      expect(outcome).toMatchObject({ kind: 'network', failure: 'blocked' });
      expect(lookups).toContain('blocked.test');
      expect(receiver.connections()).toBe(0);
    });

    it('is cancelled in flight, and the receiver sees the connection go', async () => {
      let gone = false;
      receiver.answer((req) => req.socket.once('close', () => (gone = true)));
      const handle = transport.send(request());
      await until(() => receiver.requests[0]?.finished === 'end', 10_000, 'the request to arrive');
      handle.cancel();
      expect(await handle.result).toMatchObject({ kind: 'cancelled' });
      await until(() => gone, 5000, 'the receiver to see the connection close');
    });

    it.skipIf(!tls)('refuses a self-signed certificate as tls_error, and accepts it with rejectUnauthorized false', async () => {
      const secure = await startTestReceiver(tls);
      extra.push(secure);
      expect(await send({ url: `${secure.url}/hook` })).toMatchObject({ kind: 'network', failure: 'tls_error' });
      expect(secure.requests).toHaveLength(0);
      expect(await send({ url: `${secure.url}/hook`, rejectUnauthorized: false })).toMatchObject({ kind: 'response', status: 200 });
      expect(secure.requests[0]).toMatchObject({ body: BODY, finished: 'end' });
      // The lenient setting is per attempt: the next strict attempt is refused again.
      expect(await send({ url: `${secure.url}/hook` })).toMatchObject({ kind: 'network', failure: 'tls_error' });
    });
  });

  describe('request faults on the wire', () => {
    it('dribbles a slow body over overMs', async () => {
      const outcome = await send({ bodyMode: { mode: 'slow', overMs: 400 } });
      expect(outcome).toMatchObject({ kind: 'response', status: 200 });
      const seen = receiver.requests[0]!;
      expect(seen).toMatchObject({ body: BODY, finished: 'end' });
      expect(seen.lastByteAt! - seen.firstByteAt!).toBeGreaterThanOrEqual(350);
    });

    it('records an answer the receiver gives before a slow body is in', async () => {
      receiver.answer((_req, res) => res.writeHead(413, { connection: 'close' }).end('too slow'));
      const outcome = await send({ bodyMode: { mode: 'slow', overMs: 1000 }, timeoutMs: 5000 });
      expect(outcome).toMatchObject({ kind: 'response', status: 413, responseBody: 'too slow' });
      expect(outcome.durationMs).toBeLessThan(900);
    });

    it('aborts mid-body: the receiver gets the first half, the outcome is aborted', async () => {
      const shaped = shapeBody(BODY, 'abort', 0);
      receiver.answer(() => undefined);
      const outcome = await send(shaped);
      expect(outcome.kind).toBe('aborted');
      await until(() => receiver.requests[0]?.finished === 'cut', 5000, 'the receiver to see the cut');
      expect(receiver.requests[0]!.body).toBe(BODY.slice(0, Math.floor(BODY.length / 2)));
    });

    it('a refused connection stays refused with an aborting body', async () => {
      const port = await freePort();
      const outcome = await send({ ...shapeBody(BODY, 'abort', 0), url: `http://127.0.0.1:${port}/hook` });
      expect(outcome).toMatchObject({ kind: 'network', failure: 'connection_refused' });
    });

    it.each(['truncate', 'malformedJson', 'wrongContentType'] as const)('sends a %s body as shaped', async (fault) => {
      const shaped = shapeBody(BODY, fault, 0);
      expect(await send(shaped)).toMatchObject({ kind: 'response', status: 200 });
      const seen = receiver.requests[0]!;
      expect(seen).toMatchObject({ body: shaped.body, finished: 'end' });
      expect(seen.headers['content-type']).toBe(shaped.contentType);
      expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(shaped.body)));
    });
  });

  describe('headers and URL', () => {
    it.each([
      ['a whole body', { mode: 'whole' }],
      ['a slow body', { mode: 'slow', overMs: 50 }],
    ] as const)('sends exactly host, connection, content-type, content-length and user-agent with %s', async (_what, bodyMode) => {
      await send({ bodyMode });
      const { headers } = receiver.requests[0]!;
      expect(Object.keys(headers).sort()).toEqual(['connection', 'content-length', 'content-type', 'host', 'user-agent']);
      expect(headers).toMatchObject({
        host: `127.0.0.1:${receiver.port}`,
        connection: 'keep-alive',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(BODY)),
        'user-agent': 'solarproof-mock/test',
      });
    });

    it('sends userinfo in the URL as Basic authorization, and not in the path', async () => {
      const url = `http://us%40er:p%3Ass@127.0.0.1:${receiver.port}/hook`;
      expect(await send({ url })).toMatchObject({ kind: 'response', status: 200 });
      const seen = receiver.requests[0]!;
      expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
      expect(seen.url).toBe('/hook');
    });

    it('keeps the path and query string as written', async () => {
      const pathAndQuery = '/h/o%2Fk;v=1?b=%2F&a=1&a=2&empty=&flag&plus=a+b&sp=%20&utf=%C3%A9';
      expect(await send({ url: `${receiver.url}${pathAndQuery}` })).toMatchObject({ kind: 'response', status: 200 });
      expect(receiver.requests[0]!.url).toBe(pathAndQuery);
    });
  });
});
