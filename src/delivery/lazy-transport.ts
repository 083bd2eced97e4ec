import type { AttemptHandle, Transport, TransportOutcome } from './transport.js';

/**
 * A transport whose module loads on the first attempt, not at start-up: undici and got cost 25-90
 * ms of import each, which start-up does not need (docs/performance.md); the emulator's warm-up
 * sends a throwaway attempt just after start-up (`defaultTransport`'s `warm`, decision 0042), so
 * the first deliveries need not wait for the load. Attempts made while it loads wait for it; a cancel before it loaded answers `cancelled` without sending;
 * a load that fails answers `network_error` (never a rejection).
 *
 * @example lazyTransport(() => import('./undici-transport.js').then((m) => m.createUndiciTransport(options)))
 */
export function lazyTransport(load: () => Promise<Transport>): Transport {
  let made: Transport | undefined;
  let loading: Promise<Transport> | undefined;
  const start = (): Promise<Transport> => {
    if (loading) return loading;
    const pending: Promise<Transport> = load().then((t) => {
      // Closed while loading: this load's transport is not kept (the next attempt loads anew).
      if (loading === pending) made = t;
      else t.close();
      return t;
    });
    return (loading = pending);
  };
  return {
    send(request): AttemptHandle {
      if (made) return made.send(request);
      const pending = start();
      let inner: AttemptHandle | undefined;
      let cancelled = false;
      const result = pending.then(
        (t): Promise<TransportOutcome> | TransportOutcome => {
          if (cancelled) return { kind: 'cancelled', durationMs: 0 };
          inner = t.send(request);
          return inner.result;
        },
        (e: unknown): TransportOutcome => ({
          kind: 'network',
          failure: 'network_error',
          error: `Transport failed to load: ${e instanceof Error ? e.message : String(e)}`,
          durationMs: 0,
        }),
      );
      return {
        result,
        cancel: () => {
          cancelled = true;
          inner?.cancel();
        },
      };
    },
    close() {
      made?.close();
      made = undefined;
      loading = undefined;
    },
  };
}
