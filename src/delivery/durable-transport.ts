import type { AttemptHandle, Transport, TransportOutcome } from './transport.js';

/**
 * A transport whose requests start only once what changed so far is durable (`afterDurable`,
 * the data dir's group commit): a receiver never sees a delivery the data dir could lose. The
 * wait (one log write, shared by the turn's changes) counts in the attempt's duration.
 *
 * @example
 *   const transport = afterDurableTransport(inner, (fn) => persistence.afterDurable(fn));
 */
export function afterDurableTransport(inner: Transport, afterDurable: (fn: () => void) => void): Transport {
  return {
    send(request): AttemptHandle {
      let handle: AttemptHandle | undefined;
      let cancelled = false;
      const result = new Promise<TransportOutcome>((resolve, reject) => {
        afterDurable(() => {
          if (cancelled) return resolve({ kind: 'cancelled', durationMs: 0 });
          handle = inner.send(request);
          handle.result.then(resolve, reject);
        });
      });
      return {
        result,
        cancel() {
          cancelled = true;
          handle?.cancel();
        },
      };
    },
    close: () => inner.close(),
    // A held request waits here first, then for its moment in `inner`.
    sendsAt: inner.sendsAt === true,
  };
}
