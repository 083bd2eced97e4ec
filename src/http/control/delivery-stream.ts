import type { Request, Response } from 'express';
import type { TimerHandle } from '../../core/clock.js';
import { matchesFilter, toView, type DeliveryFilter } from '../../delivery/delivery.js';
import type { Clock } from '../../core/clock.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';

export interface DeliveryStreamDeps {
  delivery: Pick<DeliveryEngine, 'onChange'>;
  /** Paces the heartbeat. */
  wallClock: Clock;
}

/** A client that lets this much pile up unsent is too slow to follow: its stream is ended. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /_emulator/stream`: one Server-Sent Event per delivery change, named `delivery`, with
 * `data: {"change":"created"|"attempt"|"settled","delivery":{...}}` and a rising `id`.
 * A comment line every 15 s keeps proxies from closing an idle stream.
 */
export function deliveryStream(deps: DeliveryStreamDeps, req: Request, res: Response, filter: DeliveryFilter, payload: boolean): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n: connected\n\n');
  let seq = 0;
  let heartbeat: TimerHandle | undefined;
  const beat = (): void => {
    heartbeat = deps.wallClock.setTimeout(() => {
      res.write(': ping\n\n');
      beat();
    }, HEARTBEAT_MS);
  };
  beat();
  const stop = deps.delivery.onChange((delivery, change) => {
    if (!matchesFilter(delivery, filter)) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      end();
      return;
    }
    const data = JSON.stringify({ change, delivery: toView(delivery, { payload }) });
    res.write(`event: delivery\nid: ${++seq}\ndata: ${data}\n\n`);
  });
  const end = (): void => {
    stop();
    heartbeat?.cancel();
    if (!res.writableEnded) res.end();
  };
  req.on('close', end);
  res.on('close', end);
}
