import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler, Response } from 'express';

/** Where `noteAccepts` leaves a connection's accept moment, until its first request takes it. */
const ACCEPTED = Symbol('solarproof-mock.acceptedAt');
type Stamped = { [ACCEPTED]?: number };

/**
 * The longest gap, in ms, between a connection's accept and its first request for that request to
 * count as having arrived at the accept: a client that opens a connection and sends at once (curl,
 * PHP, a new agent) reached the emulator when it connected; one that opened its connection ahead of
 * time (a pool kept warm) did not send its trigger then (docs/decisions/0052-a-new-connection-counts-from-its-accept.md).
 */
export const ACCEPT_COUNTS_MS = 20;

/**
 * Notes when each connection of `server` was accepted (`connection`; `secureConnection` for TLS:
 * the handshake done), for `markArrival` to count a connection's first request from it.
 */
export function noteAccepts(server: Server, event: 'connection' | 'secureConnection'): void {
  server.on(event, (socket: Socket) => {
    (socket as Stamped)[ACCEPTED] = performance.now();
  });
}

/**
 * When a request reached the app, on the monotonic clock: the first layer of the app notes it,
 * so a trigger's injected latency counts from the trigger's arrival, not from the moment its
 * handling (routing, parsing, the event made) is done (docs/decisions/0034-latency-counts-from-the-trigger.md).
 * A connection's first request arrived when the connection was accepted, if it came within
 * `acceptCountsMs` of it (`noteAccepts`; decision 0052): the connection's setup counts too.
 */
export function markArrival(acceptCountsMs = ACCEPT_COUNTS_MS): RequestHandler {
  return (req, res, next) => {
    const now = performance.now();
    const socket = req.socket as Stamped;
    const accepted = socket[ACCEPTED];
    if (accepted !== undefined) socket[ACCEPTED] = undefined;
    res.locals.arrivedAt = accepted !== undefined && now - accepted <= acceptCountsMs ? accepted : now;
    next();
  };
}

/**
 * Real milliseconds since `res`'s request arrived, read when called (since the handler began when
 * the app was mounted without `markArrival`).
 *
 * @example deps.events.triggerWhenRoom(body, signal, sinceArrival(res))
 */
export function sinceArrival(res: Response): () => number {
  const noted: unknown = res.locals.arrivedAt;
  const from = typeof noted === 'number' ? noted : performance.now();
  return () => performance.now() - from;
}
