import type { RequestHandler, Response } from 'express';

/**
 * When a request reached the app, on the monotonic clock: the first layer of the app notes it,
 * so a trigger's injected latency counts from the trigger's arrival, not from the moment its
 * handling (routing, parsing, the event made) is done (docs/decisions/0034-latency-counts-from-the-trigger.md).
 */
export function markArrival(): RequestHandler {
  return (_req, res, next) => {
    res.locals.arrivedAt = performance.now();
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
