import type { DeliveryView } from '../contract/wire-types.js';
import type { DeliveryFilter } from './client-types.js';
import { WaitForTimeoutError } from './emulator-api-error.js';
import type { DeliveryStream } from './open-delivery-stream.js';

/** The client filter `waitFor` takes (one value per field); `type` as any string, for filters built at run time. */
export type WaitFilter = Omit<DeliveryFilter, 'type'> & { type?: string };

const CUSTOMER_KEYS = ['customer_id', 'pkcustomerid', 'fkcustomerid'] as const;
const PROJECT_KEYS = ['project_id', 'pkcustomerquotationid'] as const;

/** Whether a delivery's payload (an object, or v2's one-element list) names the customer and project asked for. */
export function payloadNames(payload: unknown, subject: Pick<WaitFilter, 'customerId' | 'projectId'>): boolean {
  const record = (Array.isArray(payload) ? payload[0] : payload) as Record<string, unknown> | undefined;
  if (typeof record !== 'object' || record === null) return false;
  const has = (keys: readonly string[], id: number | string | undefined): boolean => id === undefined || keys.some((k) => record[k] !== undefined && String(record[k]) === String(id));
  return has(CUSTOMER_KEYS, subject.customerId) && has(PROJECT_KEYS, subject.projectId);
}

/** What the wait reads of the emulator: the journal (with and without payloads) and the live stream. */
export interface WaitForDeps {
  /** The journal, long-polled: at least `min` matches or `waitMs` passed. */
  poll(filter: WaitFilter, min: number, waitMs: number, signal?: AbortSignal): Promise<DeliveryView[]>;
  /** Every delivery matching `filter`, without payloads (light) unless `payload`. */
  candidates(filter: JournalFilter, payload?: boolean): Promise<DeliveryView[]>;
  stream(filter: JournalFilter, signal: AbortSignal, payload?: boolean): Promise<DeliveryStream>;
  /** How many subscriptions there are to `type` (in any account). */
  subscribedTo(type: string): Promise<number>;
}

/**
 * How long a state wait long-polls before it follows the stream: a delivery settling in another
 * state is seen at most this much later (docs/performance.md, "Trigger to waitFor").
 */
const FIRST_POLL_MS = 50;

/** The fields the journal itself filters on. */
type JournalFilter = Omit<WaitFilter, 'state' | 'limit' | 'customerId' | 'projectId'>;

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
  const { state: wanted, limit: _limit, customerId, projectId, ...others } = filter;
  const bySubject = customerId !== undefined || projectId !== undefined;
  if (opts.failFast && others.type !== undefined && others.hookUrl === undefined && others.eventId === undefined) {
    await failIfNothingSubscribed(deps, filter, others.type, opts);
  }
  if (!bySubject && (wanted === undefined || !opts.failFast)) {
    for (;;) {
      const found = await deps.poll(filter, min, Math.max(0, Math.min(deadline - Date.now(), 30_000)));
      if (found.length >= min) return found;
      if (Date.now() >= deadline) {
        const seen = wanted === undefined ? found : await deps.candidates(others);
        throw new WaitForTimeoutError(filter, min, timeoutMs, found, { candidates: seen });
      }
    }
  }
  if (!bySubject) {
    // The common case first, in one round trip: the deliveries reach the state within a moment
    // (a trigger's deliveries to a local receiver), and a long-poll answers on the change itself.
    // Only then the stream, which needs three (it follows how each one ends, to fail fast).
    const found = await firstPoll(deps, filter, min, Math.max(0, Math.min(deadline - Date.now(), FIRST_POLL_MS)));
    if (found && found.length >= min) return found;
  }
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
  try {
    // Follow changes first, then read the journal: nothing that settles in between is missed.
    const stream = await deps.stream(others, stop.signal, bySubject);
    const states = new Map<string, DeliveryView>();
    // Subject filters read payloads, here in the client: the journal filters on its own fields.
    const keep = (d: DeliveryView): boolean => !bySubject || payloadNames(d.payload, { customerId, projectId });
    for (const d of await deps.candidates(others, bySubject)) if (keep(d)) states.set(d.id, d);
    const verdict = async (): Promise<DeliveryView[] | undefined> => {
      const all = [...states.values()];
      const hits = all.filter((d) => wanted === undefined || d.state === wanted);
      if (bySubject && hits.length >= min) return hits;
      if (hits.length >= min) {
        const found = await deps.poll(filter, min, 0);
        if (found.length >= min) return found;
      }
      if (wanted !== undefined && opts.failFast && all.length > 0 && all.every((d) => d.state !== 'pending') && hits.length < min) {
        throw new WaitForTimeoutError(filter, min, timeoutMs, all.filter((d) => d.state === wanted), { candidates: all, settledAfterMs: Date.now() - started });
      }
      return undefined;
    };
    const now = await verdict();
    if (now) return now;
    for await (const { delivery } of stream) {
      if (!keep(delivery)) continue;
      states.set(delivery.id, delivery);
      const found = await verdict();
      if (found) return found;
    }
    // The stream ended: the time ran out (or the emulator went away).
    const found = bySubject ? [...states.values()].filter((d) => wanted === undefined || d.state === wanted) : await deps.poll(filter, min, 0);
    if (found.length >= min) return found;
    throw new WaitForTimeoutError(filter, min, timeoutMs, found, { candidates: [...states.values()] });
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/**
 * The first long-poll of a state wait. The emulator times it on its own clock, which a test may
 * drive by hand (a ManualClock): the client gives up on it after its own `waitMs` (plus room) and
 * answers undefined, so a wait never hangs on a clock nobody advances.
 */
async function firstPoll(deps: WaitForDeps, filter: WaitFilter, min: number, waitMs: number): Promise<DeliveryView[] | undefined> {
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(), waitMs + 100);
  try {
    return await deps.poll(filter, min, waitMs, giveUp.signal);
  } catch (err) {
    if (giveUp.signal.aborted) return undefined;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Nothing subscribed to the type and nothing of it in the journal: no delivery can come, so the
 * wait ends at once saying so (rather than after its whole timeout).
 */
async function failIfNothingSubscribed(deps: WaitForDeps, filter: WaitFilter, type: string, opts: WaitOptions): Promise<void> {
  if ((await deps.subscribedTo(type)) > 0) return;
  if ((await deps.candidates({ type })).length > 0) return;
  throw new WaitForTimeoutError(filter, opts.min, opts.timeoutMs, [], {
    reason: `Nothing is subscribed to "${type}", so no delivery of it can come; stopped waiting at once. Subscribe a hook URL first (apidata.php?action=subscribe_customer), or pass failFast: false to wait for a subscription made later.`,
  });
}
