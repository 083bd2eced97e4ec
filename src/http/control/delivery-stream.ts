import type { Request, Response } from 'express';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { matchesFilter, toView, type Delivery, type DeliveryFilter, type DeliveryView } from '../../delivery/delivery.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import { STREAM_CHANGES, STREAM_FIELDS, type StreamField } from '../../contract/wire-values.js';

export interface DeliveryStreamDeps {
  delivery: Pick<DeliveryEngine, 'onChange'> & Partial<Pick<DeliveryEngine, 'onClose'>>;
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

const CRLF = Buffer.from('\r\n');

/**
 * Writes `chunk` to one client. `res.write` frames, corks and schedules an uncork per call, which
 * costs more than the write itself when a hundred clients read the same bytes; so when the
 * response is plainly chunked and nothing of it is held back in the response (headers sent,
 * nothing queued before the socket), the group's pre-framed chunk goes straight to the socket:
 * the very bytes `res.write` would send. Anything else (HTTP/1.0, a queued response) takes
 * `res.write`.
 */
function writeShared(res: Response, chunk: Buffer, framed: () => Buffer): void {
  const socket = res.socket;
  if (socket && res.headersSent && res.chunkedEncoding && !res.writableEnded && socket.writable && !socket.destroyed && res.writableLength === socket.writableLength) {
    socket.write(framed());
  } else {
    res.write(chunk);
  }
}

type ChangeKind = Parameters<Parameters<DeliveryEngine['onChange']>[0]>[1];

// The contract's lists, checked here against the engine's changes and the delivery view's keys.
STREAM_CHANGES satisfies readonly ChangeKind[];
STREAM_FIELDS satisfies readonly Exclude<keyof DeliveryView, 'payload'>[];
export { STREAM_CHANGES, STREAM_FIELDS, type StreamField };

/** What one client reads beyond the journal filter: opt-in lighter forms of the same events. */
export interface StreamForm {
  /** Each delivery's payload too (default false). */
  payload?: boolean;
  /** Only these changes (default all three). */
  changes?: readonly ChangeKind[];
  /** Only these keys of each delivery, in the view's order (default every key). */
  fields?: readonly StreamField[];
}

/** Clients that asked for the same filter and form read exactly the same bytes. */
interface Group {
  key: string;
  filter: DeliveryFilter;
  /** Which serialisation the group reads: payload flag and fields (one string per change and form). */
  formKey: string;
  payload: boolean;
  /** `undefined`: every change. */
  changes: ReadonlySet<ChangeKind> | undefined;
  /** `undefined`: every key. */
  fields: ReadonlySet<string> | undefined;
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
  /** `GET /_emulator/stream` for one client (`form` default: every change, every key, no payload). */
  open(req: Request, res: Response, filter: DeliveryFilter, form?: StreamForm): void;
  /** Clients connected now. */
  readonly clients: number;
}

/**
 * `GET /_emulator/stream`: one Server-Sent Event per delivery change, named `delivery`, with
 * `data: {"change":"created"|"attempt"|"settled","delivery":{...}}` and a rising `id`.
 * A comment line every 15 s keeps proxies from closing an idle stream.
 *
 * Opt-in lighter forms (`StreamForm`): only some changes (`change=settled`), only some keys of
 * each delivery (`fields=id,state`). The default is every change, every key, no payload.
 *
 * However many clients follow, each change is serialised once per form some client reads (with
 * and without payloads, per `fields`), and only when a client wants it; clients with the same
 * filter and form share one buffer, written every 10 ms at most. Each
 * client's unsent output is bounded (`MAX_BUFFERED_BYTES`): a client that cannot keep up gets a
 * last `event: overflow` saying so, and its stream ends (reconnect, and read the journal for what
 * was missed). When the emulator shuts down, each client gets what was gathered, a last
 * `event: end` with `{"reason":"shutdown",...}`, and its stream ends cleanly.
 */
export function createDeliveryStreams(deps: DeliveryStreamDeps): DeliveryStreams {
  const groups = new Map<string, Group>();
  const maxBuffered = deps.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  let clientCount = 0;
  let stopListening: (() => void) | undefined;
  let watchingClose: (() => void) | undefined;
  let flushScheduled = false;

  const flush = (): void => {
    flushScheduled = false;
    for (const group of groups.values()) {
      if (group.pending.length === 0) continue;
      const chunk = Buffer.from(group.pending.join(''));
      group.pending = [];
      // The same bytes as one HTTP/1.1 chunk, framed once for the whole group (see `writeShared`).
      let framed: Buffer | undefined;
      for (const client of group.clients) {
        // What the socket has not taken yet; past the bound the client is too slow to follow.
        if (client.res.writableLength > maxBuffered) overflow(client);
        else writeShared(client.res, chunk, () => (framed ??= Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, CRLF])));
      }
    }
  };

  const broadcast = (delivery: Delivery, change: ChangeKind): void => {
    // The default forms (all keys, with or without payload), then any `fields` form, each made
    // at most once per change and only if a group reads it.
    let withPayload: string | undefined;
    let without: string | undefined;
    let others: Map<string, string> | undefined;
    for (const group of groups.values()) {
      if (group.changes !== undefined && !group.changes.has(change)) continue;
      if (!matchesFilter(delivery, group.filter)) continue;
      let data: string;
      if (group.fields === undefined) {
        data = group.payload
          ? (withPayload ??= JSON.stringify({ change, delivery: toView(delivery, { payload: true }) }))
          : (without ??= JSON.stringify({ change, delivery: toView(delivery, { payload: false }) }));
      } else {
        others ??= new Map();
        let made = others.get(group.formKey);
        if (made === undefined) {
          made = JSON.stringify({ change, delivery: pick(toView(delivery, { payload: group.payload }), group.fields, group.payload) });
          others.set(group.formKey, made);
        }
        data = made;
      }
      group.pending.push(`event: delivery\nid: ${++group.seq}\ndata: ${data}\n\n`);
      if (!flushScheduled) {
        flushScheduled = true;
        // A short gather: under load one write per client carries many changes, not one each.
        setTimeout(flush, FLUSH_EVERY_MS);
      }
    }
  };

  /** The engine is closing (shutdown): what is gathered goes out, then a last `event: end` saying why, then each stream ends. */
  const endAll = (): void => {
    flush();
    const data = JSON.stringify({ reason: 'shutdown', detail: 'the emulator is shutting down; reconnect once it is back, and read GET /_emulator/deliveries for what was missed' });
    for (const group of [...groups.values()]) {
      for (const client of [...group.clients]) {
        if (!client.res.writableEnded) client.res.write(`event: end\ndata: ${data}\n\n`);
        client.end();
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
    open(req, res, filter, form = {}) {
      res.writeHead(200, STREAM_HEADERS);
      // HEAD: the headers a GET would get, and no stream to hold open (it would never end).
      if (req.method === 'HEAD') return void res.end();
      res.write('retry: 1000\n: connected\n\n');
      const group = groupFor(groups, filter, form);
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
      watchingClose ??= deps.delivery.onClose?.(endAll) ?? (() => undefined);
      beat();
      req.on('close', client.end);
      res.on('close', client.end);
    },
  };
}

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** The group of clients with this filter and form, made on first use (same choice, any order: one group). */
function groupFor(groups: Map<string, Group>, filter: Group['filter'], form: Parameters<DeliveryStreams['open']>[3] = {}): Group {
  const payload = form.payload ?? false;
  // Sets in a fixed order, so that the same choice in any order or repeated shares a group.
  const chosen = form.changes === undefined ? undefined : STREAM_CHANGES.filter((c) => form.changes!.includes(c));
  const changes = chosen === undefined || chosen.length === STREAM_CHANGES.length ? undefined : chosen;
  const fields = form.fields === undefined ? undefined : STREAM_FIELDS.filter((f) => form.fields!.includes(f));
  const formKey = JSON.stringify([payload, fields ?? null]);
  const key = JSON.stringify([filter, formKey, changes ?? null]);
  let group = groups.get(key);
  if (!group) {
    group = {
      key,
      filter,
      formKey,
      payload,
      changes: changes === undefined ? undefined : new Set(changes),
      fields: fields === undefined ? undefined : new Set(fields),
      seq: 0,
      pending: [],
      clients: new Set(),
    };
    groups.set(key, group);
  }
  return group;
}

/** The view with only `fields` (and the payload when asked for), keys in the view's order. */
function pick(view: DeliveryView, fields: ReadonlySet<string>, payload: boolean): Partial<DeliveryView> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) if (fields.has(k) || (payload && k === 'payload')) out[k] = v;
  return out as Partial<DeliveryView>;
}
