import type { DeliveryState, DeliveryView } from '../contract/wire-types.js';
import { WaitForTimeoutError } from './emulator-api-error.js';
import type { DeliveryStream } from './open-delivery-stream.js';

/** The client filter `waitFor` takes (one value per field). */
export interface WaitFilter {
  type?: string;
  hookUrl?: string;
  state?: DeliveryState;
  eventId?: string;
  limit?: number;
}

/** What the wait reads of the emulator: the journal (with and without payloads) and the live stream. */
export interface WaitForDeps {
  /** The journal, long-polled: at least `min` matches or `waitMs` passed. */
  poll(filter: WaitFilter, min: number, waitMs: number): Promise<DeliveryView[]>;
  /** Every delivery matching `filter`, without payloads (light). */
  candidates(filter: Omit<WaitFilter, 'state' | 'limit'>): Promise<DeliveryView[]>;
  stream(filter: Omit<WaitFilter, 'state' | 'limit'>, signal: AbortSignal): Promise<DeliveryStream>;
}

export interface WaitOptions {
  min: number;
  timeoutMs: number;
  /** Stop as soon as no delivery can still reach `filter.state` (default true). */
  failFast: boolean;
}

/**
 * Waits for `min` deliveries matching `filter`. When the filter names a state, the deliveries
 * matching every other field are followed on the stream, and the wait fails at once (a
 * WaitForTimeoutError saying how each ended) when all of them have settled in another state and
 * too few reached it: waiting longer could not help.
 */
export async function waitForDeliveries(deps: WaitForDeps, filter: WaitFilter, opts: WaitOptions): Promise<DeliveryView[]> {
  const { min, timeoutMs } = opts;
  const started = Date.now();
  const deadline = started + timeoutMs;
  const { state: wanted, limit: _limit, ...others } = filter;
  if (wanted === undefined || !opts.failFast) {
    for (;;) {
      const found = await deps.poll(filter, min, Math.max(0, Math.min(deadline - Date.now(), 30_000)));
      if (found.length >= min) return found;
      if (Date.now() >= deadline) {
        const seen = wanted === undefined ? found : await deps.candidates(others);
        throw new WaitForTimeoutError(filter, min, timeoutMs, found, { candidates: seen });
      }
    }
  }
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
  try {
    // Follow changes first, then read the journal: nothing that settles in between is missed.
    const stream = await deps.stream(others, stop.signal);
    const states = new Map<string, DeliveryView>();
    for (const d of await deps.candidates(others)) states.set(d.id, d);
    const verdict = async (): Promise<DeliveryView[] | undefined> => {
      const all = [...states.values()];
      const hits = all.filter((d) => d.state === wanted).length;
      if (hits >= min) {
        const found = await deps.poll(filter, min, 0);
        if (found.length >= min) return found;
      }
      if (all.length > 0 && all.every((d) => d.state !== 'pending') && hits < min) {
        throw new WaitForTimeoutError(filter, min, timeoutMs, all.filter((d) => d.state === wanted), { candidates: all, settledAfterMs: Date.now() - started });
      }
      return undefined;
    };
    const now = await verdict();
    if (now) return now;
    for await (const { delivery } of stream) {
      states.set(delivery.id, delivery);
      const found = await verdict();
      if (found) return found;
    }
    // The stream ended: the time ran out (or the emulator went away).
    const found = await deps.poll(filter, min, 0);
    if (found.length >= min) return found;
    throw new WaitForTimeoutError(filter, min, timeoutMs, found, { candidates: [...states.values()] });
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}
