import type { EventType } from '../core/event-types.js';
import { DELIVERY_STATES, type AttemptOutcome, type DeliveryState, type TerminalState } from './delivery.js';

/** Hears of each count as it is made, with the event type (e.g. the Prometheus metrics); never after reset's clear. */
export interface StatsObserver {
  created(type: EventType): void;
  settled(state: TerminalState, type: EventType): void;
  attempt(outcome: AttemptOutcome, type: EventType, durationMs: number): void;
}

/** Every delivery since start or reset (evicted ones included): `total` and a count per current state. */
export type StatsSnapshot = Record<DeliveryState, number> & {
  total: number;
  attempts: { total: number; byOutcome: Partial<Record<AttemptOutcome, number>> };
};

/** Running counts, kept as deliveries change (not recounted from the journal, which evicts). */
export class DeliveryStats {
  private byState = DeliveryStats.zero();
  private total = 0;
  private attempts = 0;
  private byOutcome: Partial<Record<AttemptOutcome, number>> = {};
  private readonly observers = new Set<StatsObserver>();

  /** Tells `observer` of every count from now on; answers the function that stops it. */
  observe(observer: StatsObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private static zero(): Record<DeliveryState, number> {
    return Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  }

  created(type: EventType): void {
    this.total++;
    this.byState.pending++;
    for (const o of this.observers) o.created(type);
  }

  settled(state: TerminalState, type: EventType): void {
    this.byState.pending--;
    this.byState[state]++;
    for (const o of this.observers) o.settled(state, type);
  }

  attempt(outcome: AttemptOutcome, type: EventType, durationMs: number): void {
    this.attempts++;
    this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
    for (const o of this.observers) o.attempt(outcome, type, durationMs);
  }

  clear(): void {
    this.byState = DeliveryStats.zero();
    this.total = 0;
    this.attempts = 0;
    this.byOutcome = {};
  }

  snapshot(): StatsSnapshot {
    return {
      total: this.total,
      ...this.byState,
      attempts: { total: this.attempts, byOutcome: { ...this.byOutcome } },
    };
  }
}
