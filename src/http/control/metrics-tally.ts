import type { AttemptOutcome, TerminalState } from '../../delivery/delivery.js';
import type { StatsObserver } from '../../delivery/delivery-stats.js';
import { EVENT_TYPES, type EventType } from '../../core/event-types.js';

/** Attempt durations, in seconds: from a local receiver's few ms to Solar Proof's 5 s timeout and past it. */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One label set's count. */
export interface Counted<L> {
  labels: L;
  n: number;
}

/** One outcome's attempt durations: a count per bucket (not cumulative; the last is +Inf), their sum and count. */
export interface DurationCounts {
  buckets: number[];
  sumSeconds: number;
  count: number;
}

/**
 * What the metrics count as deliveries are made, settle and are attempted, in plain maps: no
 * Prometheus client on the delivery path. prom-client (~85 ms of CPU and ~12 MiB to load, with
 * the OpenTelemetry API it requires) loads at the first scrape and reads these counts then; loaded
 * at the first delivery, it stalled the event loop ~60 ms right while that delivery was in flight
 * (issue 24, round 3). The maps are bounded: event types x terminal states x outcomes.
 */
export class MetricsTally implements StatsObserver {
  readonly createdByType = new Map<EventType, number>(EVENT_TYPES.map((t) => [t, 0]));
  readonly settledBy = new Map<string, Counted<{ state: TerminalState; type: EventType }>>();
  readonly attemptsBy = new Map<string, Counted<{ outcome: AttemptOutcome; type: EventType }>>();
  readonly durations = new Map<AttemptOutcome, DurationCounts>();

  created(type: EventType): void {
    this.createdByType.set(type, (this.createdByType.get(type) ?? 0) + 1);
  }

  settled(state: TerminalState, type: EventType): void {
    const key = `${state} ${type}`;
    const c = this.settledBy.get(key);
    if (c) c.n++;
    else this.settledBy.set(key, { labels: { state, type }, n: 1 });
  }

  attempt(outcome: AttemptOutcome, type: EventType, durationMs: number): void {
    const key = `${outcome} ${type}`;
    const c = this.attemptsBy.get(key);
    if (c) c.n++;
    else this.attemptsBy.set(key, { labels: { outcome, type }, n: 1 });
    let d = this.durations.get(outcome);
    if (!d) this.durations.set(outcome, (d = { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sumSeconds: 0, count: 0 }));
    const seconds = durationMs / 1000;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    d.buckets[i]!++;
    d.sumSeconds += seconds;
    d.count++;
  }
}

/** The histogram of `tally`'s attempt durations in Prometheus's text format (0.0.4), as prom-client writes one. */
export function renderDurations(name: string, help: string, tally: MetricsTally): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const [outcome, d] of tally.durations) {
    let cumulative = 0;
    DURATION_BUCKETS.forEach((le, i) => {
      cumulative += d.buckets[i]!;
      lines.push(`${name}_bucket{le="${le}",outcome="${outcome}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf",outcome="${outcome}"} ${d.count}`);
    lines.push(`${name}_sum{outcome="${outcome}"} ${d.sumSeconds}`);
    lines.push(`${name}_count{outcome="${outcome}"} ${d.count}`);
  }
  return `${lines.join('\n')}\n`;
}
