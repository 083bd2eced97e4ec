import type { Clock } from '../../core/clock.js';
import type { RetryPolicy } from '../../config/delivery-config.js';
import { EmulatorError } from '../../core/errors.js';
import { toView, type Delivery, type WaitEndReason } from '../../delivery/delivery.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import { retryDelays } from '../../delivery/retry-policy.js';
import type { RunnerSettings } from '../../delivery/attempt-runner.js';
import { deliveriesHar } from './delivery-har.js';
import { createMetrics } from './metrics-registry.js';
import { routes } from '../../contract/routes.js';
import { filterOf, streamFormOf } from './delivery-query.js';
import { createDeliveryStreams } from './delivery-stream.js';
import { bind, type ControlRoute } from './route.js';

export { MAX_WAIT_MS } from './delivery-query.js';

const DEFAULT_LIMIT = 1000;

export interface DeliveryRouteDeps {
  delivery: Pick<DeliveryEngine, 'waitFor' | 'query' | 'get' | 'redeliver' | 'stats' | 'onChange' | 'onClose' | 'observe'>;
  /** The delivery settings in force: the journal cap and retry policy (messages, /stats), and how attempts are sent (HAR). */
  settings(): RunnerSettings & { retry: RetryPolicy; journal: { maxDeliveries: number } };
  /** Paces the stream's heartbeat. */
  wallClock: Clock;
  /** Log lines dropped because stdout was not read fast enough (in /stats as `logs`). */
  logStats?(): { dropped: number };
}

/** The journal, one delivery, redeliver, stats, the metrics and the live stream. */
export function deliveryRoutes(deps: DeliveryRouteDeps): ControlRoute[] {
  const notFound = (id: string): EmulatorError =>
    new EmulatorError(
      'DELIVERY_NOT_FOUND',
      `No delivery "${id}" in the journal. Ids look like dlv_1; settled deliveries are evicted past delivery.journal.maxDeliveries (${deps.settings().journal.maxDeliveries}), and reset empties the journal.`,
    );
  // Read lazily: a root may hand in deps whose parts are filled in after the routes are built.
  const streams = createDeliveryStreams({
    get delivery() {
      return deps.delivery;
    },
    get wallClock() {
      return deps.wallClock;
    },
  });
  // Counting starts now: the engine tells the registry of every delivery, attempt and settlement.
  const metrics = createMetrics(deps);
  return [
    bind(routes.listDeliveries, async ({ res, query }) => {
      const filter = filterOf(query);
      let waited: { reason?: WaitEndReason; deliveries: Delivery[]; timedOut: boolean } | undefined;
      const limit = query.limit ?? Math.max(DEFAULT_LIMIT, query.min ?? 0);
      if (query.wait !== undefined) {
        // The client going away ends the wait. Not heard after the wait: aborting then would only
        // make an AbortError (a DOMException with its stack, the costliest thing in a quick long-poll).
        const gone = new AbortController();
        const onClose = (): void => gone.abort();
        res.once('close', onClose);
        waited = await deps.delivery.waitFor(filter, query.min ?? 1, query.wait, gone.signal);
        res.off('close', onClose);
        if (res.writableEnded || res.destroyed) return;
      }
      // A long-poll answers with the deliveries the engine found when it ended (the journal is not
      // read again); cut short by a reset or a shutdown, with what it had matched by then, and why.
      const order = query.order ?? 'asc';
      const found = waited ? cut(waited.deliveries, limit, order) : deps.delivery.query(filter, { limit, order });
      const ended = waited?.reason;
      if (query.format === 'har') return void res.json(deliveriesHar(found.deliveries, deps.settings()));
      const payload = query.payload ?? true;
      res.json({
        deliveries: found.deliveries.map((d) => toView(d, { payload })),
        total: found.total,
        ...(waited ? { timedOut: waited.timedOut } : {}),
        ...(ended ? { reason: ended } : {}),
      });
    }),
    bind(routes.getDelivery, ({ res, params }) => {
      const delivery = deps.delivery.get(String(params.id));
      if (!delivery) throw notFound(String(params.id));
      res.json(toView(delivery));
    }),
    bind(routes.redeliver, ({ res, params }) => {
      const delivery = deps.delivery.redeliver(String(params.id));
      if (!delivery) throw notFound(String(params.id));
      res.status(201).json(toView(delivery));
    }),
    bind(routes.stats, ({ res }) => {
      res.json({ ...deps.delivery.stats(), retryDelays: retryDelays(deps.settings().retry), logs: deps.logStats?.() ?? { dropped: 0 } });
    }),
    bind(routes.metrics, async ({ res }) => {
      const text = await metrics.render();
      res.setHeader('content-type', metrics.contentType);
      res.send(text);
    }),
    bind(routes.stream, ({ req, res, query }) => {
      streams.open(req, res, filterOf(query), streamFormOf(query));
    }),
  ];
}

/** A list in the journal's answer shape: oldest first (or newest first), at most `limit`, and how many there were. */
function cut(deliveries: readonly Delivery[], limit: number, order: 'asc' | 'desc'): { deliveries: Delivery[]; total: number } {
  const ordered = order === 'desc' ? [...deliveries].reverse() : deliveries;
  return { deliveries: ordered.length > limit ? ordered.slice(0, limit) : [...ordered], total: ordered.length };
}
