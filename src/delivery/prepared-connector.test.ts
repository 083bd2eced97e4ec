import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import buildConnector from 'undici/lib/core/connect.js';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { preparedConnector } from './prepared-connector.js';
import { createUndiciTransport } from './undici-transport.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A TCP server on 127.0.0.1 that records its connections and whether any byte came on them. */
async function tcpServer(): Promise<{ server: Server; port: number; sockets: Socket[]; bytes: () => number }> {
  const sockets: Socket[] = [];
  let bytes = 0;
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (d) => (bytes += d.length));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { server, port: (server.address() as AddressInfo).port, sockets, bytes: () => bytes };
}

const connectTo = (connect: buildConnector.connector, port: number): Promise<Socket> =>
  new Promise((resolve, reject) => connect({ host: `127.0.0.1:${port}`, hostname: '127.0.0.1', protocol: 'http:', port: String(port) }, (e, s) => (e ? reject(e) : resolve(s!))));

const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((r) => setImmediate(r));
};

describe('preparedConnector', () => {
  it('opens a connection ahead, sends nothing on it, and hands that same connection to the next connect to the origin', async () => {
    const { port, sockets, bytes } = await tcpServer();
    const c = preparedConnector(buildConnector({}));
    closers.push(() => c.close());
    c.prepare(`http://127.0.0.1:${port}/hook`);
    await until(() => sockets.length === 1);
    const socket = await connectTo(c.connect, port);
    closers.push(() => socket.destroy());
    // One connection in all: the connect took the one opened ahead.
    expect(sockets).toHaveLength(1);
    expect(socket.remotePort).toBe(port);
    expect(socket.localPort).toBe(sockets[0]!.remotePort);
    expect(bytes()).toBe(0);
    // undici holds a connection to the origin now: preparing again opens none.
    c.prepare(`http://127.0.0.1:${port}/other`);
    socket.write('x');
    await until(() => bytes() === 1);
    expect(sockets).toHaveLength(1);
  });

  it('gives a connect that comes while the connection ahead is still opening that connection, not a second one', async () => {
    const { port, sockets } = await tcpServer();
    const c = preparedConnector(buildConnector({}));
    closers.push(() => c.close());
    c.prepare(`http://127.0.0.1:${port}/hook`);
    const socket = await connectTo(c.connect, port);
    closers.push(() => socket.destroy());
    await until(() => sockets.length >= 1);
    expect(sockets).toHaveLength(1);
    expect(socket.localPort).toBe(sockets[0]!.remotePort);
  });

  it('closes a connection opened ahead that no attempt took within idleMs, and a closed one is never handed over', async () => {
    const { port, sockets } = await tcpServer();
    const c = preparedConnector(buildConnector({}), 30);
    closers.push(() => c.close());
    c.prepare(`http://127.0.0.1:${port}/hook`);
    await until(() => sockets.length === 1);
    await new Promise((resolve) => sockets[0]!.once('close', resolve));

    // The receiver closes the one opened ahead: the next connect opens a new one.
    const long = preparedConnector(buildConnector({}));
    closers.push(() => long.close());
    long.prepare(`http://127.0.0.1:${port}/hook`);
    await until(() => sockets.length === 2);
    sockets[1]!.destroy();
    // A turn of the loop: on 127.0.0.1 the close is there at once; the parked end reads it when the loop polls.
    await new Promise((r) => setTimeout(r, 0));
    const socket = await connectTo(long.connect, port);
    closers.push(() => socket.destroy());
    expect(sockets).toHaveLength(3);
    expect(socket.localPort).toBe(sockets[2]!.remotePort);
  });

  it('prepares nothing for https or a URL it cannot read', async () => {
    const { port, sockets } = await tcpServer();
    const c = preparedConnector(buildConnector({}));
    closers.push(() => c.close());
    c.prepare(`https://127.0.0.1:${port}/hook`);
    c.prepare('not a url');
    const socket = await connectTo(c.connect, port);
    closers.push(() => socket.destroy());
    await until(() => sockets.length === 1);
    expect(sockets).toHaveLength(1);
  });
});

describe('the undici transport with prepare()', () => {
  it('sends the attempt on the connection opened ahead', async () => {
    let connections = 0;
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = createUndiciTransport({ now: Date.now, clock: systemClock });
    closers.push(() => {
      transport.close();
      server.closeAllConnections();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    transport.prepare!(url);
    await until(() => connections === 1);
    const outcome = await transport.send({ url, body: '{}', contentType: 'application/json', userAgent: 'test', timeoutMs: 5000, rejectUnauthorized: true, bodyMode: { mode: 'whole' } }).result;
    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
    expect(connections).toBe(1);
  });
});
