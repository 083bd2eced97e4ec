import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpSend } from '../../src/client/node-http-send.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A server on 127.0.0.1 port 0 that echoes what it got; `/hold` answers only when told to. */
async function echoServer(): Promise<{ base: string; sockets: Set<unknown>; held: (() => void)[]; holding: Promise<void> }> {
  const sockets = new Set<unknown>();
  const held: (() => void)[] = [];
  let holds: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => (holds = resolve));
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const answer = (): void => {
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null, length: req.headers['content-length'] ?? null }));
      };
      if (req.url === '/hold') {
        held.push(answer);
        holds();
      }
      else answer();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, held, holding };
}

describe('the client over node:http (startEmulator\'s client)', () => {
  it('sends the method, headers and body, reads the status and the whole answer, and keeps one connection alive', async () => {
    const { base, sockets } = await echoServer();
    const send = nodeHttpSend();
    const posted = await send(`${base}/a?x=1`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(posted.ok).toBe(true);
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ method: 'POST', url: '/a?x=1', body: '{"n":1}', auth: 'Bearer t', length: '7' });
    const missing = await send(`${base}/missing`, {});
    expect(missing.ok).toBe(false);
    expect(missing.status).toBe(404);
    expect(JSON.parse(await missing.text())).toMatchObject({ method: 'GET', url: '/missing', body: '' });
    for (let i = 0; i < 5; i++) await send(`${base}/again`, {});
    expect(sockets.size).toBe(1);
  });

  it('rejects with the signal\'s reason when aborted, before or while waiting for the answer', async () => {
    const { base, held, holding } = await echoServer();
    const send = nodeHttpSend();
    const early = new AbortController();
    early.abort(new Error('gave up before'));
    await expect(send(`${base}/a`, { signal: early.signal })).rejects.toThrow('gave up before');
    const late = new AbortController();
    const pending = send(`${base}/hold`, { signal: late.signal });
    await holding; // the request reached the server, which has not answered
    expect(held).toHaveLength(1);
    late.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects as fetch does when nothing listens: a TypeError "fetch failed" with the socket error as cause', async () => {
    const { base } = await echoServer();
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    const refused = await nodeHttpSend()(`${base}/a`, {}).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).message).toBe('fetch failed');
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});

describe('startEmulator\'s client', () => {
  it('calls its emulator over node:http, not fetch; a client made with createClient still uses the global fetch', async () => {
    const { startEmulator, createClient } = await import('../../src/index.js');
    const emu = await startEmulator({ seed: 3 });
    const realFetch = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => (fetched++, realFetch(input, init))) as typeof fetch;
    try {
      await emu.subscribe('http://127.0.0.1:9/h', 'customer_created');
      const { events } = await emu.trigger('customer_created');
      expect(await emu.deliveries.list({ eventId: events[0]!.id })).toHaveLength(1);
      expect(fetched).toBe(0);
      expect(await createClient(emu.url).health()).toMatchObject({ status: 'ok' });
      expect(fetched).toBe(1);
    } finally {
      globalThis.fetch = realFetch;
      await emu.close();
    }
  });
});
