import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { Delivery } from '../../delivery/delivery.js';
import type { ChangeListener } from '../../delivery/delivery-journal.js';
import { toView } from '../../delivery/delivery.js';
import { deliveryStreamQuery, streamFormOf } from './delivery-query.js';
import { createDeliveryStreams, type DeliveryStreams } from './delivery-stream.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

function delivery(n: number, body: string): Delivery {
  return {
    id: `dlv_${n}`,
    event: { id: `evt_${n}`, type: 'customer_created', apiKey: 'sp_test_key', body },
    hookUrl: 'http://127.0.0.1:9/h',
    apiKey: 'sp_test_key',
    subscriptionId: 'sub_1',
    state: 'pending',
    attempts: [],
    createdAt: 0,
  };
}

async function serve(maxBufferedBytes?: number): Promise<{ url: URL; streams: DeliveryStreams; emit: ChangeListener; listeners: () => number }> {
  const listeners = new Set<ChangeListener>();
  const streams = createDeliveryStreams({
    delivery: {
      onChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    wallClock: systemClock,
    ...(maxBufferedBytes === undefined ? {} : { maxBufferedBytes }),
  });
  const server = createServer((req, res) => {
    const params = new URL(req.url!, 'http://x').searchParams;
    streams.open(req as never, res as never, {}, streamFormOf(deliveryStreamQuery.parse(Object.fromEntries(params))));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { url, streams, emit: (d, c) => listeners.forEach((l) => l(d, c)), listeners: () => listeners.size };
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('delivery stream hub', () => {
  it('serialises each change once and shares it: every client reads the same event; one journal listener for all', async () => {
    const { url, streams, emit, listeners } = await serve();
    const readers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const res = await fetch(url);
        return { reader: res.body!.getReader(), text: '' };
      }),
    );
    await until(() => streams.clients === 5, '5 clients');
    expect(listeners()).toBe(1);
    emit(delivery(1, '{"a":1}'), 'created');
    for (const r of readers) {
      while (!r.text.includes('dlv_1')) r.text += new TextDecoder().decode((await r.reader.read()).value);
    }
    const events = readers.map((r) => r.text.slice(r.text.indexOf('event: delivery')));
    expect(new Set(events).size).toBe(1);
    expect(events[0]).toContain('event: delivery\nid: 1\ndata: {"change":"created","delivery":{"id":"dlv_1"');
    for (const r of readers) await r.reader.cancel();
    await until(() => streams.clients === 0, 'clients to go');
    expect(listeners()).toBe(0);
  });

  it('serves the lighter forms (change=, fields=) beside the default one, which stays byte for byte the full view', async () => {
    const { url, streams, emit } = await serve();
    const open = async (query: string) => {
      const res = await fetch(new URL(query, url));
      return { reader: res.body!.getReader(), text: '' };
    };
    const readers = {
      full: await open('/'),
      settled: await open('/?change=settled'),
      light: await open('/?fields=state,id'),
      lightSettled: await open('/?fields=id,state&change=settled,settled'),
      payload: await open('/?fields=id&payload=true'),
    };
    await until(() => streams.clients === 5, '5 clients');
    const d = delivery(1, '{"a":1}');
    emit(d, 'created');
    const settled: Delivery = { ...d, state: 'delivered', attempts: [{ number: 1, startedAt: 0, durationMs: 3, outcome: 'success', status: 200 }], settledAt: 5 };
    emit(settled, 'attempt');
    emit(settled, 'settled');
    emit(delivery(2, '{"a":2}'), 'created'); // the last event every reader gets
    for (const [name, r] of Object.entries(readers)) {
      while (!r.text.includes(name.endsWith('ettled') ? '"settled"' : 'dlv_2')) r.text += new TextDecoder().decode((await r.reader.read()).value);
    }
    const datas = (text: string) => [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1]);
    expect(datas(readers.full.text)).toEqual([
      JSON.stringify({ change: 'created', delivery: toView(d, { payload: false }) }),
      JSON.stringify({ change: 'attempt', delivery: toView(settled, { payload: false }) }),
      JSON.stringify({ change: 'settled', delivery: toView(settled, { payload: false }) }),
      JSON.stringify({ change: 'created', delivery: toView(delivery(2, '{"a":2}'), { payload: false }) }),
    ]);
    expect(readers.settled.text).toContain(`event: delivery\nid: 1\ndata: ${JSON.stringify({ change: 'settled', delivery: toView(settled, { payload: false }) })}\n\n`);
    expect(datas(readers.light.text)).toEqual([
      '{"change":"created","delivery":{"id":"dlv_1","state":"pending"}}',
      '{"change":"attempt","delivery":{"id":"dlv_1","state":"delivered"}}',
      '{"change":"settled","delivery":{"id":"dlv_1","state":"delivered"}}',
      '{"change":"created","delivery":{"id":"dlv_2","state":"pending"}}',
    ]);
    expect(readers.lightSettled.text).toContain('event: delivery\nid: 1\ndata: {"change":"settled","delivery":{"id":"dlv_1","state":"delivered"}}\n\n');
    expect(datas(readers.payload.text)[0]).toBe('{"change":"created","delivery":{"id":"dlv_1","payload":{"a":1}}}');
    for (const r of Object.values(readers)) await r.reader.cancel();
    await until(() => streams.clients === 0, 'clients to go');
  });

  it('reads the lighter forms from the query and names what is unknown', () => {
    expect(streamFormOf(deliveryStreamQuery.parse({}))).toEqual({ payload: false });
    expect(streamFormOf(deliveryStreamQuery.parse({ change: 'settled', fields: ['id,state', 'attempts'], payload: 'true' }))).toEqual({ payload: true, changes: ['settled'], fields: ['id', 'state', 'attempts'] });
    const bad = deliveryStreamQuery.safeParse({ change: 'setled', fields: 'id,payload' });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toContain('Unknown change "setled". Known changes: created, attempt, settled.');
    expect(messages.find((m) => m.startsWith('Unknown field "payload"'))).toMatch(/Payloads are asked for with payload=true\.$/);
  });

  it('sends well-framed HTTP/1.1 chunks to every client, and a plain body to an HTTP/1.0 client', async () => {
    const { url, streams, emit } = await serve();
    const raw = (version: string) => {
      const socket = connect(Number(url.port), '127.0.0.1');
      const chunks: Buffer[] = [];
      const got = {
        socket,
        get text() {
          return Buffer.concat(chunks).toString();
        },
      };
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.write(`GET / HTTP/${version}\r\nHost: 127.0.0.1\r\n\r\n`);
      return got;
    };
    const clients = [raw('1.1'), raw('1.1'), raw('1.0')];
    await until(() => streams.clients === 3, '3 clients');
    const events = [delivery(1, '{}'), delivery(2, '{"é":"ü"}')].map((d, i) => {
      emit(d, 'created');
      return `event: delivery\nid: ${i + 1}\ndata: ${JSON.stringify({ change: 'created', delivery: toView(d, { payload: false }) })}\n\n`;
    });
    await until(() => clients.every((c) => c.text.includes('"dlv_2"')), 'both events');
    /** Decodes a chunked body: each chunk's size line must give its exact byte length. */
    const unchunk = (body: Buffer): string => {
      let out = '';
      for (let at = 0; ; ) {
        const eol = body.indexOf('\r\n', at);
        if (eol < 0) return out;
        const size = Number.parseInt(body.subarray(at, eol).toString(), 16);
        expect(body.subarray(eol + 2 + size, eol + 4 + size).toString()).toBe('\r\n');
        out += body.subarray(eol + 2, eol + 2 + size).toString();
        at = eol + 4 + size;
      }
    };
    const bodyOf = (c: { text: string }) => Buffer.from(c.text.slice(c.text.indexOf('\r\n\r\n') + 4));
    for (const c of clients.slice(0, 2)) {
      expect(c.text).toMatch(/transfer-encoding: chunked/i);
      expect(unchunk(bodyOf(c))).toBe(`retry: 1000\n: connected\n\n${events.join('')}`);
    }
    expect(clients[2]!.text).not.toMatch(/transfer-encoding/i);
    expect(bodyOf(clients[2]!).toString()).toBe(`retry: 1000\n: connected\n\n${events.join('')}`);
    for (const c of clients) c.socket.destroy();
    await until(() => streams.clients === 0, 'clients to go');
  });

  it('closes a client that does not read with a final `event: overflow` saying why', async () => {
    const { url, streams, emit } = await serve(64 * 1024);
    const socket = connect(Number(url.port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d));
    socket.write(`GET /?payload=true HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await until(() => streams.clients === 1, 'the client');
    socket.pause();
    const body = JSON.stringify({ notes: 'x'.repeat(100_000) });
    for (let n = 1; streams.clients > 0 && n < 5000; n++) {
      emit(delivery(n, body), 'created');
      await new Promise((r) => setImmediate(r));
    }
    expect(streams.clients).toBe(0);
    socket.resume();
    await until(() => received.includes('event: overflow'), 'the overflow event');
    const last = received.slice(received.lastIndexOf('event: overflow'));
    expect(last).toMatch(/^event: overflow\ndata: \{"reason":"this client read the stream too slowly: more than 65536 bytes/);
    socket.destroy();
  });
});
