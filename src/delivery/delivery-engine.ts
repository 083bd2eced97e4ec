import { admitPending, shuttingDown } from './back-pressure.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { SendQueueGate } from './send-queue-gate.js';
import { journalEvent, type JournalEvent } from './delivery-domain.js';
import { DeliveryJournal } from './delivery-journal.js';
import { AttemptRunner } from './attempt-runner.js';
import { planningStreams } from './attempt-planner.js';
import { DeliveryRuns, type DeliveryTarget } from './delivery-runs.js';
import type { DeliveryEngine, DeliveryEngineDeps } from './delivery-engine-api.js';
import { replayDeliveries, restoreDeliveries, snapshotDeliveries } from './delivery-snapshot.js';
import { DeliveryStats } from './delivery-stats.js';
import { plainDelivery } from './delivery-view.js';
import { rehearseDelivery } from './rehearse-delivery.js';

export type { CancelReason, DeliveriesState, DeliveryEngine, DeliveryEngineDeps } from './delivery-engine-api.js';

/**
 * Builds a delivery engine from its declared deps: the journal (what happened), delivery state
 * (`DeliveryRuns`: what is pending, in which phase) driving planning (`attempt-planner.ts`) and
 * the attempt runner (`attempt-runner.ts`), and back-pressure in front of them.
 *
 * @example
 *   const engine = createDeliveryEngine({ settings, onSettingsChange, wallClock: clock, clock, random, transport, logger, subscriptions });
 *   engine.deliver(event); // ['dlv_1']
 */
export function createDeliveryEngine(deps: DeliveryEngineDeps): DeliveryEngine {
  // The settings in force, read once per config change rather than on every step of every
  // attempt (the engine reads them several times per attempt).
  let settingsNow: ReturnType<DeliveryEngineDeps['settings']> | undefined;
  const cfg = (): ReturnType<DeliveryEngineDeps['settings']> => (settingsNow ??= deps.settings());
  const { transport, wallClock } = deps;
  const limiter = new ConcurrencyLimiter(() => cfg().concurrency);
  const gate = new SendQueueGate({ unsent: () => limiter.inFlight + limiter.queued, limits: () => cfg().sendQueue, clock: wallClock });
  const journal = new DeliveryJournal(() => cfg().journal.maxDeliveries, wallClock);
  const stats = new DeliveryStats();
  const runner = new AttemptRunner({ transport, wallClock });
  const unsubscribeGone = (apiKey: string, hookUrl: string): void => void deps.subscriptions.unsubscribe(apiKey, hookUrl, 'gone');
  const streams = planningStreams(deps.random);
  const runs = new DeliveryRuns({ settings: cfg, wallClock, clock: deps.clock, logger: deps.logger, journal, stats, limiter, gate, streams, runner, unsubscribeGone });
  let counter = 0;
  let closed = false;
  /** Set by drain: no new delivery. */
  let draining = false;

  deps.onSettingsChange(() => {
    settingsNow = undefined;
    limiter.poke();
    gate.pump();
    journal.trim(); // a lowered journal cap applies now, not at the next settlement
  });

  const create = (event: JournalEvent, to: Omit<DeliveryTarget, 'id' | 'event'>, redeliveryOf?: string, elapsed?: () => number): string => {
    const target: DeliveryTarget = { id: `dlv_${++counter}`, event, hookUrl: to.hookUrl, apiKey: to.apiKey, subscriptionId: to.subscriptionId, ...(to.options ? { options: to.options } : {}) };
    stats.created(event.type);
    journal.add({ ...target, createdAt: wallClock.now(), redeliveryOf });
    if (closed) runs.settle(target, 'cancelled', 'close');
    else runs.start(target, elapsed);
    return target.id;
  };

  const refuseWhileDraining = (): void => {
    if (draining || closed) throw shuttingDown();
  };

  /** Cancels what is pending and forgets the journal, the counts and the counter (reset, restore). */
  const clear = (): void => {
    runs.cancelAll('reset');
    journal.clear();
    stats.clear();
    counter = 0;
  };

  deps.subscriptions.onRemoved((removed, reason) => runs.cancelAll(reason, ofSubscriptions(removed)));

  const engine: DeliveryEngine = {
    deliver(event, elapsed) {
      const subscriptions = deps.subscriptions.list({ apiKey: event.apiKey, type: event.type });
      if (subscriptions.length === 0) return [];
      const kept = journalEvent(event);
      return subscriptions.map((s) => create(kept, { hookUrl: s.hookUrl, apiKey: s.apiKey, subscriptionId: s.id }, undefined, elapsed));
    },
    deliverTo(event, to, options) {
      refuseWhileDraining();
      admitPending(runs.pending, 1, cfg().maxPending, `a ${event.type} delivery to ${to.hookUrl}`);
      return create(journalEvent(event), { hookUrl: to.hookUrl, apiKey: event.apiKey, subscriptionId: to.subscriptionId, options });
    },
    whenRoom(signal) {
      refuseWhileDraining();
      return gate.whenRoom(signal);
    },
    admit(apiKey, type, events) {
      refuseWhileDraining();
      const fanOut = deps.subscriptions.list({ apiKey, type }).length;
      admitPending(runs.pending, events * fanOut, cfg().maxPending, `${events} ${type} event${events === 1 ? '' : 's'} x ${fanOut} matching subscription${fanOut === 1 ? '' : 's'}`);
    },
    redeliver(id) {
      const original = journal.get(id);
      if (!original) return undefined;
      refuseWhileDraining();
      admitPending(runs.pending, 1, cfg().maxPending, `redelivering ${id}`);
      return journal.get(create(original.event, original, original.id));
    },
    get: (id) => journal.get(id),
    query: (filter, options) => journal.query(filter, options),
    async waitFor(filter, min, timeoutMs, signal) {
      const { timedOut, reason, released } = await journal.waitFor(filter, min, timeoutMs, signal);
      if (reason !== undefined) return { deliveries: released ?? [], timedOut, reason };
      return { deliveries: journal.query(filter).deliveries, timedOut };
    },
    onChange: (listener) => journal.onChange(listener),
    onClose: (listener) => journal.onClose(listener),
    observe: (observer) => stats.observe(observer),
    stats: () => {
      const sizes = { size: journal.size, maxDeliveries: cfg().journal.maxDeliveries, evicted: journal.evicted };
      return { ...stats.snapshot(), inFlight: limiter.inFlight, queued: limiter.queued, triggersWaiting: gate.waiting, longPolls: journal.waiting, journal: sizes };
    },
    reset: clear,
    async drain(graceMs, beforeCancel) {
      draining = true;
      gate.rejectAll(shuttingDown());
      const ended = await runs.drain(graceMs);
      beforeCancel?.();
      engine.close();
      return ended;
    },
    snapshot: () => ({ counter, deliveries: snapshotDeliveries(journal) }),
    changes: () => ({ counter, ...journalChanges(journal) }),
    replay: replayDeliveries,
    restore(state) {
      clear();
      counter = state.counter;
      restoreDeliveries(state.deliveries, { journal, stats, runs });
    },
    warm: () => rehearseDelivery(createDeliveryEngine, deps),
    close() {
      if (closed) return;
      closed = true;
      gate.rejectAll(shuttingDown());
      runs.cancelAll('close');
      journal.releaseWaiters();
      transport.close();
    },
  };
  return engine;
}

/** The deliveries changed (as plain values) and the ids evicted since the journal was last asked (the data dir's log). */
function journalChanges(journal: DeliveryJournal): { put: ReturnType<typeof plainDelivery>[]; drop: string[] } {
  const { put, drop } = journal.takeChanges();
  return { put: put.map(plainDelivery), drop };
}

/** Picks the deliveries to any of `removed` (subscriptions gone: their pending deliveries are cancelled). */
function ofSubscriptions(removed: readonly { id: string }[]): (d: DeliveryTarget) => boolean {
  const ids = new Set(removed.map((s) => s.id));
  return (d) => ids.has(d.subscriptionId);
}
