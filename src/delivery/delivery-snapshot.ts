import { journalEvent, type Delivery, type JournalEvent } from './delivery-domain.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { DeliveryRuns } from './delivery-runs.js';
import type { DeliveryStats } from './delivery-stats.js';
import { plainDelivery } from './delivery-view.js';
import type { DeliveriesState, DeliveryChanges } from './delivery-engine-api.js';

/** The journal as a state document keeps it: plain deliveries, oldest first. */
export function snapshotDeliveries(journal: DeliveryJournal): Delivery[] {
  return journal.query({}).deliveries.map(plainDelivery);
}

/**
 * `state` with the log's change records applied (`DeliveryChanges`, oldest first): a put
 * replaces the delivery with its id or adds it, a drop removes it; the journal stays oldest first.
 */
export function replayDeliveries(state: DeliveriesState, records: readonly unknown[]): DeliveriesState {
  const byId = new Map(state.deliveries.map((d) => [d.id, d]));
  let counter = state.counter;
  for (const r of records as DeliveryChanges[]) {
    counter = r.counter;
    for (const d of r.put) byId.set(d.id, d);
    for (const id of r.drop) byId.delete(id);
  }
  const n = (id: string): number => Number(id.slice(4));
  return { counter, deliveries: [...byId.values()].sort((a, b) => n(a.id) - n(b.id)) };
}

/**
 * Loads a state document's deliveries into an empty journal: counts rebuilt, settled ones kept
 * as they were, pending ones resumed (`DeliveryRuns.resume`: the next attempt at its due time).
 */
export function restoreDeliveries(saved: readonly Delivery[], parts: { journal: DeliveryJournal; stats: DeliveryStats; runs: DeliveryRuns }): void {
  const { journal, stats, runs } = parts;
  // The deliveries of one event share one copy of it again, as when they were made.
  const events = new Map<string, JournalEvent>();
  for (const d of saved) {
    let event = events.get(d.event.id);
    if (event === undefined || event.body !== d.event.body || event.type !== d.event.type || event.apiKey !== d.event.apiKey) {
      event = journalEvent(d.event);
      events.set(event.id, event);
    }
    stats.created(d.event.type);
    for (const a of d.attempts) stats.attempt(a.outcome, d.event.type, a.durationMs);
    if (d.state !== 'pending') stats.settled(d.state, d.event.type);
    journal.add(d, event);
    if (d.state === 'pending') runs.resume({ id: d.id, event, hookUrl: d.hookUrl, apiKey: d.apiKey, subscriptionId: d.subscriptionId }, d.attempts.length, d.nextAttemptAt);
  }
}
