import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { EventPayload, PayloadItem } from '../catalogue/payload-types.js';
import type { Config, ConfigInput } from '../config/config-schema.js';
import type { ScheduleSpec } from '../config/schedule-config.js';
import type { DeliveryState, DeliveryView } from '../delivery/delivery.js';
import type { ScenarioRunView } from '../scenarios/scenario-run.js';
import type { ScheduleView } from '../schedules/running-schedule.js';
import type { StateDocument } from '../state/state-document.js';
import type { Subscription } from '../solarproof/subscription-store.js';
import type { SubjectRequest } from '../core/subject.js';
import type { WorldCustomerFilter, WorldCustomerView, WorldProjectFilter, WorldProjectView } from '../solarproof/world-views.js';
import { EmulatorApiError } from './emulator-api-error.js';
import { openDeliveryStream, type DeliveryChange, type DeliveryStream } from './open-delivery-stream.js';
import { waitForDeliveries } from './wait-for-deliveries.js';

/** Every field optional, all the way down (arrays: of partial elements). */
export type DeepPartial<T> = T extends readonly (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A JSON merge patch (RFC 7386) of `T`: every key optional, objects patched key by key, arrays
 * replaced whole, and `null` removing a key so its default applies again.
 */
export type MergePatch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatch<T[K]> | null } : T;

/** `trigger`'s options, with `overrides` typed by the payload of (T, V). */
export interface TypedTriggerOptions<T extends EventType, V extends PayloadVersion> extends Omit<TriggerOptions, 'overrides'> {
  /** Payload fields to set (each element of an array payload): typed by the event type and payload version. */
  overrides?: DeepPartial<PayloadItem<T, V>>;
}

export interface TriggerOptions {
  /** 1..1000 events, default 1. */
  count?: number;
  /** Deep-merged into each triggered event's payload (each element of an array payload). */
  overrides?: Record<string, unknown>;
  /** The account the events happen in; default: the first configured key. */
  apiKey?: string;
  /** Which customer/project the events are about, and for customer_status_change the target `status`. */
  subject?: SubjectRequest;
}

export interface TriggeredEvent<P = unknown> {
  id: string;
  type: EventType;
  payload: P;
}

export interface TriggerResult<P = unknown> {
  events: TriggeredEvent<P>[];
  /** Ids of the deliveries made, one per (event x matching subscription). */
  deliveries: string[];
}

export interface DeliveryFilter {
  type?: EventType;
  hookUrl?: string;
  state?: DeliveryState;
  eventId?: string;
  limit?: number;
}

/** Stream filters: each field takes one value or a list (matching any of them); fields combine. */
export interface DeliveryStreamFilter {
  id?: string | readonly string[];
  type?: EventType | readonly EventType[];
  hookUrl?: string | readonly string[];
  state?: DeliveryState | readonly DeliveryState[];
  eventId?: string | readonly string[];
  apiKey?: string | readonly string[];
}

export interface DeliveryStreamOptions {
  /** Aborting ends the iteration (a `for await` loop simply finishes) and closes the connection. */
  signal?: AbortSignal;
  /** Include each delivery's payload (default false: the stream stays light). */
  payload?: boolean;
  /**
   * Only these changes (default: every change). `'settled'` gives one message per delivery, when it
   * settles: a third of the bytes, for a client that only counts outcomes.
   */
  change?: DeliveryChange['change'] | readonly DeliveryChange['change'][];
}

/** A scenario as `GET /_emulator/scenarios` lists it. */
export interface ScenarioSummary {
  name: string;
  description: string;
  /** `built-in`, or the file it was read from. */
  source: string;
  customerType?: string;
  /** How many steps it has. */
  steps: number;
  types: EventType[];
}

export interface WaitForOptions {
  /** How many matching deliveries to wait for (default 1). */
  min?: number;
  /** Give up after this long (default 10 000 ms) with a WaitForTimeoutError saying what matched. */
  timeoutMs?: number;
  /**
   * With a `state` in the filter: give up as soon as every delivery matching the other fields
   * has settled in another state and too few reached it (default true), with a
   * WaitForTimeoutError saying how each ended. `false` waits the whole timeout (for deliveries
   * that are not made yet, e.g. waiting before triggering into an account that had failures).
   */
  failFast?: boolean;
}

export type Stats = Record<DeliveryState, number> & {
  total: number;
  /** Attempts being sent now, and attempts waiting for a concurrency slot. */
  inFlight: number;
  queued: number;
  /** Trigger requests waiting for room in the send queue (`delivery.sendQueue`). */
  triggersWaiting: number;
  logs?: { dropped: number };
};

/**
 * A typed client for a running emulator (in this process, another process or a container), over
 * the control API and the emulated Solar Proof API.
 *
 * @example
 *   const sp = createClient('http://127.0.0.1:4477');
 *   await sp.subscribe('http://127.0.0.1:3000/hooks', 'customer_created');
 *   const { events } = await sp.trigger('customer_created');
 *   const [delivery] = await sp.deliveries.waitFor({ eventId: events[0].id, state: 'delivered' });
 */
export function createClient(url: string, options: { apiKey?: string; token?: string } = {}) {
  const base = url.replace(/\/+$/, '');
  const apiKey = options.apiKey ?? 'sp_test_key';
  // The admin token goes to the control API only; /apidata.php has its own api_key.
  const auth: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? { ...auth } : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw EmulatorApiError.fromAnswer(res.status, text);
    // The control API answers JSON on success; an empty body (none today) reads as undefined.
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Lists become repeated parameters (`state=failed&state=dropped`), which every filter accepts. */
  const query = (params: Record<string, string | number | boolean | readonly string[] | undefined>): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
      else if (v !== undefined) q.set(k, String(v));
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  async function solarproof(action: string, method: string, body: unknown, key: string): Promise<{ success: boolean; message: string }> {
    const res = await fetch(`${base}/apidata.php${query({ action, api_key: key })}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { success: boolean; message: string };
    if (!answer.success) throw new EmulatorApiError(res.status, 'SOLARPROOF_ERROR', answer.message, answer);
    return answer;
  }

  const deliveries = {
    /** The journal, newest last; filters combine. */
    async list(filter: DeliveryFilter = {}): Promise<DeliveryView[]> {
      return (await call<{ deliveries: DeliveryView[] }>('GET', `/_emulator/deliveries${query({ ...filter })}`)).deliveries;
    },
    /** One delivery with every attempt. */
    get(id: string): Promise<DeliveryView> {
      return call('GET', `/_emulator/deliveries/${encodeURIComponent(id)}`);
    },
    /**
     * Resolves once at least `min` deliveries match `filter`; throws a WaitForTimeoutError that
     * lists the matching deliveries' states and last outcomes when `timeoutMs` runs out, or at
     * once when the filter names a state no pending delivery can still reach (see `failFast`).
     */
    waitFor(filter: DeliveryFilter = {}, opts: WaitForOptions = {}): Promise<DeliveryView[]> {
      return waitForDeliveries(
        {
          poll: async (f, min, wait) => (await call<{ deliveries: DeliveryView[] }>('GET', `/_emulator/deliveries${query({ ...f, wait, min })}`)).deliveries,
          candidates: async (f) => (await call<{ deliveries: DeliveryView[] }>('GET', `/_emulator/deliveries${query({ ...f, payload: false, limit: 100_000 })}`)).deliveries,
          stream: (f, signal) => deliveries.stream(f as DeliveryStreamFilter, { signal }),
        },
        filter,
        { min: opts.min ?? 1, timeoutMs: opts.timeoutMs ?? 10_000, failFast: opts.failFast ?? true },
      );
    },
    /**
     * Follows deliveries as they change (`GET /_emulator/stream`). Resolves once the emulator is
     * listening, so nothing that happens after the `await` is missed: open it before triggering.
     *
     * @example
     *   const stream = await sp.deliveries.stream({ state: ['delivered', 'failed'] }, { signal });
     *   for await (const { change, delivery } of stream) console.log(change, delivery.id, delivery.state);
     */
    stream(filter: DeliveryStreamFilter = {}, opts: DeliveryStreamOptions = {}): Promise<DeliveryStream> {
      return openDeliveryStream(`${base}/_emulator/stream${query({ ...filter, payload: opts.payload, change: opts.change })}`, opts.signal, auth);
    },
    /** Sends a delivery's event again to the same hook URL, as a new delivery. */
    redeliver(id: string): Promise<DeliveryView> {
      return call('POST', `/_emulator/deliveries/${encodeURIComponent(id)}/redeliver`);
    },
  };

  return {
    url: base,
    apiKey,
    health: () => call<{ status: 'ok'; version: string }>('GET', '/_emulator/health'),
    /**
     * Makes `count` events of `type` happen and delivers them to matching subscriptions. Payloads
     * are typed for `type` in payload version `V` (v2 unless you say; the emulator's
     * `payloadVersion` decides what is actually sent): `sp.trigger<'customer_created', 'v1'>(...)`.
     */
    trigger: <T extends EventType, V extends PayloadVersion = 'v2'>(type: T, opts: TypedTriggerOptions<T, V> = {}) =>
      call<TriggerResult<EventPayload<T, V>>>('POST', '/_emulator/events', { type, ...opts }),
    /** Subscribes through the emulated `apidata.php`, exactly as an app would. */
    subscribe: (hookUrl: string, type: EventType, opts: { apiKey?: string } = {}) =>
      solarproof('subscribe_customer', 'POST', { hookUrl, type_request: type }, opts.apiKey ?? apiKey),
    /** Unsubscribes every type of `hookUrl` through the emulated `apidata.php`. */
    unsubscribe: (hookUrl: string, opts: { apiKey?: string } = {}) =>
      solarproof('unsubscribe_customer', 'POST', { hookUrl }, opts.apiKey ?? apiKey),
    subscriptions: {
      list: async (filter: { apiKey?: string; hookUrl?: string; type?: EventType } = {}) =>
        (await call<{ subscriptions: Subscription[] }>('GET', `/_emulator/subscriptions${query(filter)}`)).subscriptions,
    },
    deliveries,
    stats: () => call<Stats>('GET', '/_emulator/stats'),
    config: {
      get: () => call<Config>('GET', '/_emulator/config'),
      /**
       * A JSON merge patch: objects merge, arrays replace, `null` removes a key (its default
       * applies again). An invalid one throws EmulatorApiError with every problem and changes nothing.
       *
       * @example await sp.config.update({ delivery: { latency: { distribution: 'fixed', ms: 200 }, timeoutMs: null } })
       */
      update: (patch: MergePatch<ConfigInput>) => call<Config>('PATCH', '/_emulator/config', patch),
    },
    schedules: {
      /** Starts emitting events over time; see the README's Schedules section for the spec. */
      create: (spec: ScheduleSpec) => call<ScheduleView>('POST', '/_emulator/schedules', spec),
      get: (id: string) => call<ScheduleView>('GET', `/_emulator/schedules/${encodeURIComponent(id)}`),
      list: async () => (await call<{ schedules: ScheduleView[] }>('GET', '/_emulator/schedules')).schedules,
      /** Stops the schedule at once; answers its final state. */
      delete: (id: string) => call<ScheduleView>('DELETE', `/_emulator/schedules/${encodeURIComponent(id)}`),
    },
    scenarios: {
      list: async () => (await call<{ scenarios: ScenarioSummary[] }>('GET', '/_emulator/scenarios')).scenarios,
      /** Runs a scenario; by default resolves when its last step has been triggered (`{ wait: false }` answers at once). */
      run: (name: string, opts: { apiKey?: string; wait?: boolean } & Record<string, unknown> = {}) =>
        call<ScenarioRunView>('POST', `/_emulator/scenarios/${encodeURIComponent(name)}`, opts),
      /** A run started with `{ wait: false }`. */
      getRun: (id: string) => call<ScenarioRunView>('GET', `/_emulator/scenario-runs/${encodeURIComponent(id)}`),
    },
    /** The world's customers and projects (`GET /_emulator/world/customers` and `/projects`). */
    world: {
      customers: (filter: WorldCustomerFilter = {}) =>
        call<{ customers: WorldCustomerView[]; total: number }>('GET', `/_emulator/world/customers${query({ ...filter })}`),
      projects: (filter: WorldProjectFilter = {}) =>
        call<{ projects: WorldProjectView[]; total: number }>('GET', `/_emulator/world/projects${query({ ...filter })}`),
    },
    /** Back to the start state (same seed). */
    reset: () => call<unknown>('POST', '/_emulator/reset'),
    state: {
      /** The whole state as one versioned document (subscriptions, world, journal, pending deliveries, schedules, config). */
      get: () => call<StateDocument>('GET', '/_emulator/state'),
      /** Replaces the whole state; an invalid document throws EmulatorApiError (code INVALID_STATE, `problems` by path) and changes nothing. */
      put: (doc: StateDocument) => call<{ status: 'imported' }>('PUT', '/_emulator/state', doc),
    },
  };
}

export type EmulatorClient = ReturnType<typeof createClient>;
