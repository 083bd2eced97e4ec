import { clientFetch, type ClientTlsOptions } from './client-fetch.js';
import type { Har } from '../contract/har-schemas.js';
import type { RegisteredEventPayload } from '../contract/payload-types.js';
import { routes } from '../contract/routes.js';
import type { ConfigInput, ScheduleSpec, StateDocument, Subscription, WorldCustomerFilter, WorldProjectFilter } from '../contract/wire-types.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { DeliveryFilter, DeliveryStreamFilter, DeliveryStreamOptions, MergePatch, TriggerResult, TypedTriggerOptions, WaitForOptions } from './client-types.js';
import { queryString, routeCaller, routeUrl } from './call-route.js';
import { EmulatorApiError } from './emulator-api-error.js';
import { accountCalls } from './account-calls.js';
import { checkCalls } from './check-calls.js';
import { openDeliveryStream, type DeliveryStream } from './open-delivery-stream.js';
import type { ClientSend } from './node-http-send.js';
import { waitForDeliveries } from './wait-for-deliveries.js';

export type {
  DeepPartial,
  DeliveryFilter,
  DeliveryStreamFilter,
  DeliveryStreamOptions,
  MergePatch,
  ScenarioSummary,
  Stats,
  TriggeredEvent,
  TriggerOptions,
  TriggerResult,
  TypedTriggerOptions,
  WaitForOptions,
} from './client-types.js';

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
export function createClient(url: string, options: { apiKey?: string; token?: string; send?: ClientSend } & ClientTlsOptions = {}) {
  const base = url.replace(/\/+$/, '');
  // The calls go through `send` (fetch unless given); the delivery stream always reads through fetch.
  const fetchWith = clientFetch(options);
  const send = options.send ?? fetchWith;
  const apiKey = options.apiKey ?? 'sp_test_key';
  // The admin token goes to the control API only; /apidata.php has its own api_key.
  const auth: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const call = routeCaller(base, auth, send);

  const solarproof = (action: string, method: string, body: unknown, key: string) => solarproofAction(send, base, { action, method, body, key });

  const deliveries = {
    /** The journal, newest last; filters combine. */
    list: async (filter: DeliveryFilter = {}) => (await call(routes.listDeliveries, { query: { ...filter } })).deliveries,
    /** The journal as an HTTP Archive (HAR 1.2), one entry per attempt; the journal's filters. */
    har: async (filter: DeliveryFilter = {}): Promise<Har> => call<typeof routes.listDeliveries, Har>(routes.listDeliveries, { query: { ...filter, format: 'har' } }),
    /** One delivery with every attempt. */
    get: (id: string) => call(routes.getDelivery, { params: { id } }),
    /**
     * Resolves once at least `min` deliveries match `filter`; throws a WaitForTimeoutError that
     * lists the matching deliveries' states and last outcomes when `timeoutMs` runs out, or at
     * once when the filter names a state no pending delivery can still reach (see `failFast`).
     */
    waitFor(filter: DeliveryFilter = {}, opts: WaitForOptions = {}) {
      return waitForDeliveries(
        {
          poll: async (f, min, wait, signal) => (await call(routes.listDeliveries, { query: { ...f, wait, min }, signal })).deliveries,
          candidates: async (f, payload = false) => (await call(routes.listDeliveries, { query: { ...f, payload, limit: 100_000 } })).deliveries,
          stream: (f, signal, payload = false) => deliveries.stream(f as DeliveryStreamFilter, { signal, payload }),
          subscribedTo: async (type) => (await call(routes.listSubscriptions, { query: { type } })).subscriptions.length,
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
      return openDeliveryStream(routeUrl(base, routes.stream, { query: { ...filter, payload: opts.payload, change: opts.change } }), opts.signal, auth, fetchWith);
    },
    /** Sends a delivery's event again to the same hook URL, as a new delivery. */
    redeliver: (id: string) => call(routes.redeliver, { params: { id } }),
  };

  return {
    url: base,
    apiKey,
    health: () => call(routes.health),
    /**
     * Makes `count` events of `type` happen and delivers them to matching subscriptions. Payloads
     * are typed for `type` in payload version `V` (v2 unless you say; the emulator's
     * `payloadVersion` decides what is actually sent): `sp.trigger<'customer_created', 'v1'>(...)`.
     */
    trigger: <T extends EventType, V extends PayloadVersion = 'v2'>(type: T, opts: TypedTriggerOptions<T, V> = {}) =>
      call<typeof routes.trigger, TriggerResult<RegisteredEventPayload<T, V>>>(routes.trigger, { body: { type, ...opts } }),
    /** Subscribes through the emulated `apidata.php`, exactly as an app would. */
    subscribe: (hookUrl: string, type: EventType, opts: { apiKey?: string } = {}) =>
      solarproof('subscribe_customer', 'POST', { hookUrl, type_request: type }, opts.apiKey ?? apiKey),
    /** Unsubscribes every type of `hookUrl` through the emulated `apidata.php`. */
    unsubscribe: (hookUrl: string, opts: { apiKey?: string } = {}) =>
      solarproof('unsubscribe_customer', 'POST', { hookUrl }, opts.apiKey ?? apiKey),
    subscriptions: {
      /** Every matching subscription, oldest first (the pages of `GET /_emulator/subscriptions` followed). */
      list: (filter: { apiKey?: string; hookUrl?: string; type?: EventType } = {}) =>
        everyPage((offset) => call(routes.listSubscriptions, { query: { ...filter, offset } })),
    },
    deliveries,
    stats: () => call(routes.stats),
    config: {
      get: () => call(routes.getConfig),
      /**
       * A JSON merge patch: objects merge, arrays replace, `null` removes a key (its default
       * applies again). An invalid one throws EmulatorApiError with every problem and changes nothing.
       *
       * @example await sp.config.update({ delivery: { latency: { distribution: 'fixed', ms: 200 }, timeoutMs: null } })
       */
      update: (patch: MergePatch<ConfigInput>) => call(routes.patchConfig, { body: patch }),
    },
    schedules: {
      /** Starts emitting events over time; see the README's Schedules section for the spec. */
      create: (spec: ScheduleSpec) => call(routes.createSchedule, { body: spec }),
      get: (id: string) => call(routes.getSchedule, { params: { id } }),
      list: async () => (await call(routes.listSchedules)).schedules,
      /** Stops the schedule at once; answers its final state. */
      delete: (id: string) => call(routes.deleteSchedule, { params: { id } }),
    },
    scenarios: {
      list: async () => (await call(routes.listScenarios)).scenarios,
      /** Runs a scenario; by default resolves when its last step has been triggered (`{ wait: false }` answers at once). */
      run: (name: string, opts: { apiKey?: string; wait?: boolean } & Record<string, unknown> = {}) => call(routes.runScenario, { params: { name }, body: opts }),
      /** A run started with `{ wait: false }`. */
      getRun: (id: string) => call(routes.getScenarioRun, { params: { id } }),
    },
    /** The world's customers and projects (`GET /_emulator/world/customers` and `/projects`). */
    world: {
      customers: (filter: WorldCustomerFilter = {}) => call(routes.worldCustomers, { query: { ...filter } }),
      projects: (filter: WorldProjectFilter = {}) => call(routes.worldProjects, { query: { ...filter } }),
    },
    /** API keys at run time (`/_emulator/accounts`): list, add, revoke. */
    accounts: accountCalls(call),
    /** Back to the start state (same seed). */
    // Answered `{status:'reset'}`; typed unknown so an in-process emulator's reset() (void) can stand in for it.
    reset: (): Promise<unknown> => call(routes.reset),
    /** Receiver checks (docs/check.md): `checks.run({ forwardTo })` resolves with the report. */
    checks: checkCalls(base, auth, call),
    state: {
      /** The whole state as one versioned document (subscriptions, world, journal, pending deliveries, schedules, config). */
      get: () => call(routes.getState),
      /** Replaces the whole state; an invalid document throws EmulatorApiError (code INVALID_STATE, `problems` by path) and changes nothing. */
      put: (doc: StateDocument) => call(routes.putState, { body: doc }),
    },
  };
}

export type EmulatorClient = ReturnType<typeof createClient>;

/** Follows `nextOffset` from offset 0 and returns every subscription of every page. */
async function everyPage(page: (offset: number) => Promise<{ subscriptions: Subscription[]; nextOffset?: number | undefined }>): Promise<Subscription[]> {
  const all: Subscription[] = [];
  for (let offset: number | undefined = 0; offset !== undefined; ) {
    const answer = await page(offset);
    all.push(...answer.subscriptions);
    offset = answer.nextOffset;
  }
  return all;
}

/** One call of the emulated Solar Proof API; a refusal throws EmulatorApiError with Solar Proof's message. */
async function solarproofAction(send: ClientSend, base: string, c: { action: string; method: string; body: unknown; key: string }): Promise<{ success: boolean; message: string }> {
  const res = await send(`${base}/apidata.php${queryString({ action: c.action, api_key: c.key })}`, {
    method: c.method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(c.body),
  });
  const answer = (await res.json()) as { success: boolean; message: string };
  if (!answer.success) throw new EmulatorApiError(res.status, 'SOLARPROOF_ERROR', answer.message, answer);
  return answer;
}
