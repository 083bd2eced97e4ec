import type { Socket } from 'node:net';
import type buildConnector from 'undici/lib/core/connect.js';

type Connector = buildConnector.connector;
type ConnectOptions = buildConnector.Options;
type Callback = buildConnector.Callback;

/** How long (real ms) a connection opened ahead waits for its attempt before it is closed unused. */
export const PREPARED_IDLE_MS = 1000;

/** A connection opened ahead: still connecting (undici may already have claimed it), or open and parked. */
type Prepared =
  | { phase: 'connecting'; claim: { options: ConnectOptions; callback: Callback } | undefined }
  | { phase: 'open'; socket: Socket; timer: ReturnType<typeof setTimeout>; release(): void };

export interface PreparedConnector {
  /** undici's connector: hands over a connection opened ahead for the origin, else connects as `base`. */
  connect: Connector;
  /**
   * Opens a connection to `url`'s origin now, when undici holds none to it and none is being
   * opened, without sending anything on it: the attempt due shortly (a schedule's delivery made
   * ahead of its moment, decision 0033) then finds it open. Plain `http:` only (a TLS handshake
   * picks its server name as undici would; not done). Unused after `idleMs`, it is closed.
   */
  prepare(url: string): void;
  /** Closes what is parked (the transport closes). */
  close(): void;
}

/**
 * Wraps undici's connector so that the first connection to a receiver's origin can be opened
 * before the attempt that needs it (undici's Agent has no way to connect without a request, and a
 * throwaway request to a user's receiver is not acceptable): the connect, and the receiver
 * accepting it, happen in the lead before a schedule's moment instead of between its send and its
 * arrival.
 *
 * @example const c = preparedConnector(buildConnector({})); new Agent({ connect: c.connect }); c.prepare('http://127.0.0.1:8080/hook');
 */
export function preparedConnector(base: Connector, idleMs = PREPARED_IDLE_MS): PreparedConnector {
  const prepared = new Map<string, Prepared>();
  /** Connections undici holds, per origin: none open is when preparing one is worth it. */
  const held = new Map<string, number>();
  const keyOf = (o: { protocol: string; host?: string | undefined; hostname: string; port: string }): string => `${o.protocol}//${o.host ?? `${o.hostname}:${o.port}`}`;

  const hand = (key: string, socket: Socket, callback: Callback): void => {
    held.set(key, (held.get(key) ?? 0) + 1);
    socket.once('close', () => {
      const n = (held.get(key) ?? 1) - 1;
      if (n > 0) held.set(key, n);
      else held.delete(key);
    });
    callback(null, socket);
  };

  const connect: Connector = (options, callback) => {
    const key = keyOf(options);
    const p = prepared.get(key);
    if (p?.phase === 'connecting' && !p.claim) {
      p.claim = { options, callback };
      return;
    }
    if (p?.phase === 'open') {
      prepared.delete(key);
      p.release();
      // Never from inside connect(): undici resumes its queue from the callback and ignores a
      // resume that comes while it is still resuming (the request would wait for the next one).
      const { socket } = p;
      if (!socket.destroyed && socket.readyState === 'open' && !socket.readableEnded) return queueMicrotask(() => hand(key, socket, callback));
      p.socket.destroy();
    }
    base(options, (error, socket) => (error ? callback(error, null) : hand(key, socket!, callback)));
  };

  const park = (key: string, socket: Socket): void => {
    const gone = (): void => {
      if (prepared.get(key)?.phase === 'open') prepared.delete(key);
    };
    const ignore = (): void => undefined;
    socket.on('error', ignore).once('close', gone);
    const timer = setTimeout(() => {
      prepared.delete(key);
      socket.destroy();
    }, idleMs);
    timer.unref();
    const release = (): void => {
      clearTimeout(timer);
      socket.off('error', ignore).off('close', gone);
    };
    prepared.set(key, { phase: 'open', socket, timer, release });
  };

  return {
    connect,
    prepare(url) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return;
      }
      if (u.protocol !== 'http:') return;
      const options: ConnectOptions = { host: u.host, hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), protocol: u.protocol, port: u.port };
      const key = keyOf(options);
      if (prepared.has(key) || (held.get(key) ?? 0) > 0) return;
      const entry: Prepared = { phase: 'connecting', claim: undefined };
      prepared.set(key, entry);
      base(options, (error, socket) => {
        const { claim } = entry;
        const current = prepared.get(key) === entry;
        if (current) prepared.delete(key);
        // Claimed meanwhile: undici gets this connection, or connects itself when it failed.
        if (claim) return error ? base(claim.options, (e, s) => (e ? claim.callback(e, null) : hand(key, s!, claim.callback))) : hand(key, socket!, claim.callback);
        if (error || !socket) return;
        if (current) park(key, socket);
        else socket.destroy(); // closed meanwhile
      });
    },
    close() {
      for (const p of prepared.values()) {
        if (p.phase === 'open') {
          p.release();
          p.socket.destroy();
        }
      }
      prepared.clear();
    },
  };
}
