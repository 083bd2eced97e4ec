import { VERSION } from '../../core/version.js';
import type { DeliveryEngine } from '../../delivery/delivery-engine.js';
import { MetricsTally, renderDurations } from './metrics-tally.js';

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
  // Counted in plain maps as deliveries happen; prom-client loads at the first scrape and reads them.
  const tally = new MetricsTally();
  deps.delivery.observe(tally);
  let ready: Promise<Built> | undefined;
  return {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    async render() {
      const built = await (ready ??= import('prom-client').then((prom) => buildRegistry(prom, deps, tally)));
      return built.render();
    },
  };
}

interface Built {
  render(): Promise<string>;
}

function buildRegistry(prom: typeof import('prom-client'), deps: MetricsDeps, tally: MetricsTally): Built {
  const { collectDefaultMetrics, Counter, Gauge, Registry } = prom;
  const registry = new Registry();
  const registers = [registry];
  const p = 'solarproof_mock_';
  new Gauge({ name: `${p}info`, help: 'Always 1; the emulator version as a label', labelNames: ['version'], registers }).set({ version: VERSION }, 1);
  // Counters read the tally at scrape time (every type shows, at 0, from the first scrape).
  const counter = <L extends string>(name: string, help: string, labelNames: L[], read: () => Iterable<{ labels: Record<L, string>; n: number }>): void => {
    new Counter({
      name: `${p}${name}`,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const { labels, n } of read()) this.inc(labels, n);
      },
    });
  };
  counter('deliveries_created_total', 'Deliveries made (one per event and matching subscription), by event type', ['type'], () =>
    [...tally.createdByType].map(([type, n]) => ({ labels: { type }, n })),
  );
  counter('deliveries_settled_total', 'Deliveries settled, by terminal state and event type', ['state', 'type'], () => tally.settledBy.values());
  counter('attempts_total', 'Delivery attempts, by outcome and event type', ['outcome', 'type'], () => tally.attemptsBy.values());
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
    render() {
      if (!processMetrics) {
        processMetrics = true;
        collectDefaultMetrics({ register: registry });
      }
      return registry.metrics().then((text) => text + renderDurations(`${p}attempt_duration_seconds`, 'How long each attempt took, by outcome', tally));
    },
  };
}
