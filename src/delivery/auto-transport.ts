import { countAttempt, DEFAULT_BURST_LIMITS, type BurstLimits, type RateWindow } from './burst-policy.js';
import type { AttemptHandle, Transport } from './transport.js';

export interface AutoTransportOptions {
  /** What idle and low-rate delivery goes through (node:http: loads nothing). */
  light: Transport;
  /** Loads what a burst goes through (undici), once a burst is seen; `warmUp` then runs on it. */
  loadHeavy: () => Promise<Transport>;
  warmUp?: (heavy: Transport) => void;
  /** Times the attempts for the burst policy (wall clock, ms). */
  now: () => number;
  limits?: BurstLimits;
}

/**
 * `delivery.transport: auto`: attempts go through `light` until they come as a burst
 * (`countAttempt`); then `heavy` is loaded (meanwhile `light` keeps sending) and every later
 * attempt goes through it. An idle or slow emulator never loads undici (docs/decisions/0037).
 * A failed load leaves `light` sending. close() closes both and starts over with `light`.
 *
 * @example autoTransport({ light: createNodeHttpTransport(o), loadHeavy: () => import('./undici-transport.js').then((m) => m.createUndiciTransport(o)), now: Date.now })
 */
export function autoTransport(options: AutoTransportOptions): Transport {
  const limits = options.limits ?? DEFAULT_BURST_LIMITS;
  let heavy: Transport | undefined;
  let loading: Promise<void> | undefined;
  let window: RateWindow = { since: 0, count: 0 };
  let inFlight = 0;
  const load = (): void => {
    const pending: Promise<void> = options.loadHeavy().then(
      (t) => {
        // Closed while loading: this load's transport is not kept.
        if (loading !== pending) return t.close();
        heavy = t;
        options.warmUp?.(t);
      },
      () => undefined,
    );
    loading = pending;
  };
  return {
    send(request): AttemptHandle {
      if (heavy) return heavy.send(request);
      inFlight++;
      const counted = countAttempt(window, options.now(), inFlight, limits);
      window = counted.window;
      if (counted.burst && !loading) load();
      const handle = options.light.send(request);
      void handle.result.finally(() => inFlight--);
      return handle;
    },
    close() {
      options.light.close();
      heavy?.close();
      heavy = undefined;
      loading = undefined;
      window = { since: 0, count: 0 };
    },
  };
}
