import type { Request, Response } from 'express';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { matchesFilter, toView, type Delivery, type DeliveryFilter } from '../../delivery/delivery.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';

export interface DeliveryStreamDeps {
  delivery: Pick<DeliveryEngine, 'onChange'>;
  /** Paces the heartbeat. */
  wallClock: Clock;
  /** Unsent bytes a client may let pile up before it is closed (default `MAX_BUFFERED_BYTES`). */
  maxBufferedBytes?: number;
}

/** A client that lets this much pile up unsent is too slow to follow: it gets `event: overflow` and its stream ends. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** Changes are gathered this long before they are written: at most this much later than live. */
const FLUSH_EVERY_MS = 10;

type ChangeKind = Parameters<Parameters<DeliveryEngine['onChange']>[0]>[1];

/** Clients that asked for the same filter and payload flag read exactly the same bytes. */
interface Group {
  key: string;
  filter: DeliveryFilter;
  payload: boolean;
  /** The `id:` of the group's last event (rising from 1). */
  seq: number;
  /** Events made since the last flush: one chunk per flush (every 10 ms at most), shared by every client. */
  pending: string[];
  clients: Set<Client>;
}

interface Client {
  group: Group;
  res: Response;
  end(): void;
}

/** The live streams of one control API: one journal listener, each change serialised once. */
export interface DeliveryStreams {
  /** `GET /_emulator/stream` for one client. */
  open(req: Request, res: Response, filter: DeliveryFilter, payload: boolean): void;
  /** Clients connected now. */
  readonly clients: number;
}

/**
 * `GET /_emulator/stream`: one Server-Sent Event per delivery change, named `delivery`, with
 * `data: {"change":"created"|"attempt"|"settled","delivery":{...}}` and a rising `id`.
 * A comment line every 15 s keeps proxies from closing an idle stream.
 *
 * However many clients follow, each change is serialised at most twice (with and without
 * payloads); clients with the same filter share one buffer, written every 10 ms at most. Each
 * client's unsent output is bounded (`MAX_BUFFERED_BYTES`): a client that cannot keep up gets a
 * last `event: overflow` saying so, and its stream ends (reconnect, and read the journal for what
 * was missed).
 */
export function createDeliveryStreams(deps: DeliveryStreamDeps): DeliveryStreams {
  const groups = new Map<string, Group>();
  const maxBuffered = deps.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  let clientCount = 0;
  let stopListening: (() => void) | undefined;
  let flushScheduled = false;

  const flush = (): void => {
    flushScheduled = false;
    for (const group of groups.values()) {
      if (group.pending.length === 0) continue;
      const chunk = Buffer.from(group.pending.join(''));
      group.pending = [];
      for (const client of group.clients) {
        // What the socket has not taken yet; past the bound the client is too slow to follow.
        if (client.res.writableLength > maxBuffered) overflow(client);
        else client.res.write(chunk);
      }
    }
  };

  const broadcast = (delivery: Delivery, change: ChangeKind): void => {
    let withPayload: string | undefined;
    let without: string | undefined;
    for (const group of groups.values()) {
      if (!matchesFilter(delivery, group.filter)) continue;
      const data = group.payload
        ? (withPayload ??= JSON.stringify({ change, delivery: toView(delivery, { payload: true }) }))
        : (without ??= JSON.stringify({ change, delivery: toView(delivery, { payload: false }) }));
      group.pending.push(`event: delivery\nid: ${++group.seq}\ndata: ${data}\n\n`);
      if (!flushScheduled) {
        flushScheduled = true;
        // A short gather: under load one write per client carries many changes, not one each.
        setTimeout(flush, FLUSH_EVERY_MS);
      }
    }
  };

  const overflow = (client: Client): void => {
    const reason = `this client read the stream too slowly: more than ${maxBuffered} bytes were waiting to be sent, so the stream was closed; reconnect, and read GET /_emulator/deliveries for what was missed`;
    client.res.write(`event: overflow\ndata: ${JSON.stringify({ reason, bufferedBytes: client.res.writableLength, lastId: client.group.seq })}\n\n`);
    client.end();
  };

  return {
    get clients() {
      return clientCount;
    },
    open(req, res, filter, payload) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 1000\n: connected\n\n');
      const key = JSON.stringify([filter, payload]);
      let group = groups.get(key);
      if (!group) {
        group = { key, filter, payload, seq: 0, pending: [], clients: new Set() };
        groups.set(key, group);
      }
      let heartbeat: TimerHandle | undefined;
      const beat = (): void => {
        heartbeat = deps.wallClock.setTimeout(() => {
          res.write(': ping\n\n');
          beat();
        }, HEARTBEAT_MS);
      };
      const client: Client = {
        group,
        res,
        end: () => {
          const g = client.group;
          if (!g.clients.delete(client)) return;
          clientCount--;
          heartbeat?.cancel();
          if (g.clients.size === 0) groups.delete(g.key);
          if (groups.size === 0) {
            stopListening?.();
            stopListening = undefined;
          }
          if (!res.writableEnded) res.end();
        },
      };
      group.clients.add(client);
      clientCount++;
      stopListening ??= deps.delivery.onChange(broadcast);
      beat();
      req.on('close', client.end);
      res.on('close', client.end);
    },
  };
}
