import { aimedTimeout } from '../core/aimed-timer.js';
import { monotonicMs } from '../core/clock.js';
import type { AttemptHandle, Transport, TransportOutcome, TransportRequest } from './transport.js';

/**
 * Sends `request` through `inner` at its moment (`sendAt`), waiting on the main thread's aimed
 * timer (aimed-timer.ts) until then, or at once when it has no moment or it has passed. A cancel
 * while it waits sends nothing and answers `cancelled`. What a transport that cannot hand a request
 * to the sender thread does with one the engine handed over early (decision 0055). With `holding`,
 * it is in that set while it waits: calling its entry ends it (the transport was closed).
 *
 * @example heldSend(transport, { ...request, sendAt: monotonicMs() + 8 })
 */
export function heldSend(inner: Transport, request: TransportRequest, holding?: Set<() => void>): AttemptHandle {
  const left = request.sendAt === undefined ? 0 : request.sendAt - monotonicMs();
  if (!(left > 0)) return inner.send(request);
  let resolve!: (outcome: TransportOutcome) => void;
  const result = new Promise<TransportOutcome>((r) => (resolve = r));
  let sent: AttemptHandle | undefined;
  const timer = aimedTimeout(() => {
    holding?.delete(end);
    sent = inner.send(request);
    void sent.result.then(resolve);
  }, left);
  const unsent = (outcome: TransportOutcome): void => {
    holding?.delete(end);
    timer.cancel();
    resolve(outcome);
  };
  const end = (): void => unsent({ kind: 'network', failure: 'connection_reset', error: 'the transport was closed', durationMs: 0 });
  holding?.add(end);
  return {
    result,
    cancel: () => (sent ? sent.cancel() : unsent({ kind: 'cancelled', durationMs: 0 })),
  };
}

/**
 * `inner`, honouring each request's moment on the main thread (`heldSend`): for the transports
 * the sender thread does not stand in for (got and undici, chosen by name or loaded for a burst).
 *
 * @example heldSends(lazyTransport(loadGot))
 */
export function heldSends(inner: Transport): Transport {
  const holding = new Set<() => void>();
  return {
    ...inner,
    sendsAt: true,
    send: (request) => heldSend(inner, request, holding),
    close() {
      // What is still held was never sent: it ends now, as a request the closed pool cut.
      for (const end of [...holding]) end();
      inner.close();
    },
  };
}
