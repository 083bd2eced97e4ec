import type { AttemptHandle, Transport, TransportOutcome } from './transport.js';

/**
 * A transport whose module loads on the first attempt or on `warm()`, not at start-up: undici and
 * got cost 25-90 ms of import each, which start-up does not need (docs/performance.md); the
 * emulator warms it just after start-up (`warmUp` then runs on the loaded transport, e.g.
 * `warmUpRequest`), so the first attempts need not wait. Attempts made
 * while it loads wait for it; a cancel before it loaded answers `cancelled` without sending;
 * a load that fails answers `network_error` (never a rejection).
 *
 * @example lazyTransport(() => import('./undici-transport.js').then((m) => m.createUndiciTransport(options)))
 */
export function lazyTransport(load: () => Promise<Transport>, warmUp?: (loaded: Transport) => void): Transport {
  let made: Transport | undefined;
  let loading: Promise<Transport> | undefined;
  let warming = false;
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
    warm() {
      // A failed load is answered by the attempts that wait for it (network_error), not here.
      if (made || warming) return;
      warming = true;
      start().then((t) => made === t && warmUp?.(t), () => undefined);
    },
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
      warming = false;
    },
  };
}
