import { EVENT_TYPES } from '../../core/event-types.js';
import { VERSION } from '../../core/version.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import type { StatsObserver } from '../../delivery/delivery-stats.js';

/** What the metrics read: the engine's counts as they are made, its gauges, and the logger's drops. */
export interface MetricsDeps {
  delivery: Pick<DeliveryEngine, 'observe' | 'stats'>;
  /** Log lines dropped because stdout was not read fast enough. */
  logStats?(): { dropped: number };
}

/** The Prometheus registry of one emulator, and the exposition's content type. */
export interface EmulatorMetrics {
  readonly contentType: string;
  /** The text exposition (format 0.0.4), with the process metrics from the first call on. */
  render(): Promise<string>;
}

/** Attempt durations, in seconds: from a local receiver's few ms to Solar Proof's 5 s timeout and past it. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One registry per emulator (never prom-client's global one: two emulators in one process keep
 * their own counts). Counters count since the process started, reset included (Prometheus
 * counters only go up; `/stats` counts since the last reset); gauges are read at scrape time.
 * The process metrics (`process_*`, `nodejs_*`) start at the first scrape, so an emulator never
 * scraped runs no event-loop monitor.
 *
 * @example const metrics = createMetrics({ delivery }); res.type(metrics.contentType).send(await metrics.render());
 */
export function createMetrics(deps: MetricsDeps): EmulatorMetrics {
  // prom-client (~80 ms to load) loads at the first delivery or scrape, not at start; what the
  // engine counts meanwhile waits in `early` and is replayed once it is there.
  const early: Array<(o: StatsObserver) => void> = [];
  let ready: Promise<Built> | undefined;
  const load = (): Promise<Built> =>
    (ready ??= import('prom-client').then((prom) => {
      const built = buildRegistry(prom, deps);
      for (const replay of early.splice(0)) replay(built.observer);
      return built;
    }));
  let observer: StatsObserver | undefined;
  const later = (f: (o: StatsObserver) => void): void => {
    if (observer) return f(observer);
    early.push(f);
    void load().then((b) => (observer = b.observer));
  };
  deps.delivery.observe({
    created: (type) => later((o) => o.created(type)),
    settled: (state, type) => later((o) => o.settled(state, type)),
    attempt: (outcome, type, ms) => later((o) => o.attempt(outcome, type, ms)),
  });
  return {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    async render() {
      const built = await load();
      observer = built.observer;
      return built.render();
    },
  };
}

interface Built {
  observer: StatsObserver;
  render(): Promise<string>;
}

function buildRegistry(prom: typeof import('prom-client'), deps: MetricsDeps): Built {
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = prom;
  const registry = new Registry();
  const registers = [registry];
  const p = 'solarproof_mock_';
  new Gauge({ name: `${p}info`, help: 'Always 1; the emulator version as a label', labelNames: ['version'], registers }).set({ version: VERSION }, 1);
  const created = new Counter({ name: `${p}deliveries_created_total`, help: 'Deliveries made (one per event and matching subscription), by event type', labelNames: ['type'], registers });
  const settled = new Counter({ name: `${p}deliveries_settled_total`, help: 'Deliveries settled, by terminal state and event type', labelNames: ['state', 'type'], registers });
  const attempts = new Counter({ name: `${p}attempts_total`, help: 'Delivery attempts, by outcome and event type', labelNames: ['outcome', 'type'], registers });
  const durations = new Histogram({ name: `${p}attempt_duration_seconds`, help: 'How long each attempt took, by outcome', labelNames: ['outcome'], buckets: DURATION_BUCKETS, registers });
  for (const type of EVENT_TYPES) created.inc({ type }, 0); // every type shows, at 0, from the first scrape
  const observer: StatsObserver = {
    created: (type) => created.inc({ type }),
    settled: (state, type) => settled.inc({ state, type }),
    attempt: (outcome, type, durationMs) => {
      attempts.inc({ outcome, type });
      durations.observe({ outcome }, durationMs / 1000);
    },
  };
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name: `${p}${name}`,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  };
  gauge('deliveries_pending', 'Deliveries not yet settled', () => deps.delivery.stats().pending);
  gauge('attempts_in_flight', 'Attempts being sent now', () => deps.delivery.stats().inFlight);
  gauge('attempts_queued', 'Attempts waiting for a concurrency slot', () => deps.delivery.stats().queued);
  gauge('triggers_waiting', 'Trigger requests waiting for room in the send queue (delivery.sendQueue)', () => deps.delivery.stats().triggersWaiting);
  gauge('journal_deliveries', 'Deliveries kept in the journal now', () => deps.delivery.stats().journal.size);
  new Counter({
    name: `${p}logs_dropped_total`,
    help: 'Log lines dropped because stdout was not read fast enough',
    registers,
    collect() {
      this.reset();
      this.inc(deps.logStats?.().dropped ?? 0);
    },
  });
  let processMetrics = false;
  return {
    observer,
    render() {
      if (!processMetrics) {
        processMetrics = true;
        collectDefaultMetrics({ register: registry });
      }
      return registry.metrics();
    },
  };
}
