import { DELIVERY_STATES, type AttemptOutcome, type DeliveryState, type TerminalState } from './delivery.js';

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

  private static zero(): Record<DeliveryState, number> {
    return Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  }

  created(): void {
    this.total++;
    this.byState.pending++;
  }

  settled(state: TerminalState): void {
    this.byState.pending--;
    this.byState[state]++;
  }

  attempt(outcome: AttemptOutcome): void {
    this.attempts++;
    this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
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
