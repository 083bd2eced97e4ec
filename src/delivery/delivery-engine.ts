import type { TimerHandle } from '../core/clock.js';
import type { EventType } from '../core/event-types.js';
import { EmulatorError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { ConcurrencyLimiter, type SlotTicket } from './concurrency-limiter.js';
import { SendQueueGate } from './send-queue-gate.js';
import { AttemptRecord, DeliveryRecord, journalEvent, plainDelivery, share, withAttempt, type Attempt, type Delivery, type JournalEvent, type TerminalState } from './delivery.js';
import { DeliveryJournal } from './delivery-journal.js';
import { afterAttempt, attemptOutcome, enforceDeadline, type AttemptResult } from './delivery-machine.js';
import { FaultRulesCache, pickFault, requestFault, type FaultPlan, type FaultRules, type RequestFault } from './faults.js';
import { lazyFork } from './lazy-fork.js';
import { sampleLatency } from './latency.js';
import { shapeBody, type AttemptHandle, type TransportRequest } from './transport.js';
import type { CancelReason, DeliveryEngine, DeliveryEngineDeps } from './delivery-engine-api.js';
import { DeliveryStats } from './delivery-stats.js';

export type { CancelReason, DeliveriesState, DeliveryEngine, DeliveryEngineDeps } from './delivery-engine-api.js';

const DEFAULT_USER_AGENT = `solarproof-mock/${VERSION}`;

/** The fault, latency and number of one attempt, fixed when it is planned. */
interface PlannedAttempt {
  number: number;
  plan: FaultPlan;
  /** Injected latency plus any reorder hold, in (unscaled) ms. */
  latencyMs: number;
}

/**
 * Where a pending delivery stands. Exactly one phase at a time; `advance` is the only place that
 * changes it, so a cancel always knows what to undo.
 */
type Phase =
  | { phase: 'waiting'; timer: TimerHandle; next: PlannedAttempt }
  | { phase: 'queued'; ticket: SlotTicket; next: PlannedAttempt }
  | { phase: 'sending'; attempt: PlannedAttempt; handle: AttemptHandle; startedAt: number; fault: Attempt['fault'] }
  | { phase: 'between' };

interface Running {
  delivery: Delivery;
  host: string;
  state: Phase;
}

/**
 * Builds a delivery engine from its declared deps.
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
  const { transport, wallClock, clock, logger } = deps;
  const limiter = new ConcurrencyLimiter(() => cfg().concurrency);
  const gate = new SendQueueGate({ unsent: () => limiter.inFlight + limiter.queued, limits: () => cfg().sendQueue, clock: wallClock });
  const journal = new DeliveryJournal(() => cfg().journal.maxDeliveries, wallClock);
  const stats = new DeliveryStats();
  const running = new Map<string, Running>();
  const faultRandom = deps.random.fork('faults');
  const latencyRandom = deps.random.fork('latency');
  const jitterRandom = deps.random.fork('jitter');
  const rulesCache = new FaultRulesCache();
  let counter = 0;
  let closed = false;
  /** Set by drain: no new delivery, no new attempt; in-flight ones finish. */
  let draining = false;
  let sending = 0;
  let finishedWhileDraining = 0;
  let onIdle: (() => void) | undefined;

  deps.onSettingsChange(() => {
    settingsNow = undefined;
    limiter.poke();
    gate.pump();
    journal.trim(); // a lowered journal cap applies now, not at the next settlement
  });

  const advance = (run: Running, next: Phase): void => {
    run.state = next;
  };

  const create = (event: JournalEvent, target: { hookUrl: string; apiKey: string; subscriptionId: string }, redeliveryOf?: string): Delivery => {
    const delivery = new DeliveryRecord(`dlv_${++counter}`, event, target.hookUrl, target.apiKey, target.subscriptionId, wallClock.now(), redeliveryOf);
    stats.created();
    journal.add(delivery);
    if (closed) settle(delivery, 'cancelled', 'close');
    else {
      const run: Running = { delivery, host: limiter.hostOf(delivery.hookUrl), state: { phase: 'between' } };
      running.set(delivery.id, run);
      planAttempt(run, 1, 0);
    }
    return delivery;
  };

  const latencyFor = (type: EventType) => {
    const c = cfg();
    return c.latencyByType[type] ?? c.latency;
  };
  const rulesFor = (d: Delivery): FaultRules =>
    rulesCache.get(cfg().faults, { hookUrl: d.hookUrl, type: d.event.type, subscriptionId: d.subscriptionId });

  /** Plans attempt `number` after `delayMs` of retry delay, plus the injected latency and any reorder hold. */
  const planAttempt = (run: Running, number: number, delayMs: number): void => {
    const { delivery } = run;
    const label = `${delivery.id}#${number}`;
    const plan = pickFault(rulesFor(delivery), number, lazyFork(faultRandom, label));
    const latency = sampleLatency(latencyFor(delivery.event.type), lazyFork(latencyRandom, label));
    const next: PlannedAttempt = { number, plan, latencyMs: latency + plan.holdMs };
    const wait = delayMs + next.latencyMs;
    if (wait <= 0) return startAttempt(run, next);
    delivery.nextAttemptAt = wallClock.now() + wait * cfg().timeScale;
    const timer = clock.setTimeout(() => startAttempt(run, next), wait);
    advance(run, { phase: 'waiting', timer, next });
  };

  const startAttempt = (run: Running, next: PlannedAttempt): void => {
    const { delivery } = run;
    delivery.nextAttemptAt = undefined;
    advance(run, { phase: 'between' });
    if (draining) return; // cancelled when the drain ends
    if (next.plan.fault === 'drop') {
      record(delivery, new AttemptRecord(next.number, wallClock.now(), 0, 'injected_drop', undefined, undefined, undefined, 'drop', latencyField(next.latencyMs)));
      return decide(run, next, { kind: 'dropped' });
    }
    let granted = false;
    const ticket = limiter.acquire(run.host, () => {
      granted = true;
      if (draining) {
        // A slot freed during a drain starts nothing: the delivery waits to be cancelled. The
        // slot goes back later, not from inside the limiter's grant (no recursion down the queue).
        queueMicrotask(() => {
          limiter.release(run.host);
          gate.pump();
        });
        advance(run, { phase: 'between' });
        return;
      }
      void attempt(run, next);
    });
    if (!granted) advance(run, { phase: 'queued', ticket, next });
  };

  /** One attempt, holding a concurrency slot: the request, a duplicate copy if planned, the decision. */
  const attempt = async (run: Running, next: PlannedAttempt): Promise<void> => {
    const { plan } = next;
    const primaryFault = plan.fault === 'duplicate' ? undefined : (plan.fault ?? undefined);
    const result = await sendOnce(run, next, requestFault(plan), primaryFault, next.latencyMs);
    // The same request again at once, in the same slot; the first copy decides the state.
    if (result && plan.fault === 'duplicate') await sendOnce(run, next, null, 'duplicate', 0);
    limiter.release(run.host);
    gate.pump();
    if (result && run.delivery.state === 'pending') decide(run, next, result);
  };

  /** Sends one request and records it; undefined when the delivery was cancelled meanwhile. */
  const sendOnce = async (
    run: Running,
    planned: PlannedAttempt,
    fault: RequestFault | null,
    faultName: Attempt['fault'],
    latencyMs: number,
  ): Promise<AttemptResult | undefined> => {
    const { delivery } = run;
    const c = cfg();
    const startedAt = wallClock.now();
    // `responseBodyBytes`: how much of the answer the transport reads (honoured by the bounded transports).
    const shaped = shapeBody(delivery.event.body, fault, c.faults.slowBodyMs);
    const request: TransportRequest = {
      url: delivery.hookUrl,
      body: shaped.body,
      contentType: shaped.contentType,
      bodyMode: shaped.bodyMode,
      userAgent: c.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: c.timeoutMs,
      rejectUnauthorized: c.tls.rejectUnauthorized,
      responseBodyBytes: c.responseBodyBytes,
    };
    const handle = transport.send(request);
    advance(run, { phase: 'sending', attempt: planned, handle, startedAt, fault: faultName });
    sending++;
    let reported: Awaited<typeof handle.result>;
    try {
      reported = await handle.result;
    } finally {
      sending--;
      if (draining) finishedWhileDraining++;
      // After this attempt is recorded and decided (the rest of this turn), not before.
      if (sending === 0 && onIdle) setImmediate(() => sending === 0 && onIdle?.());
    }
    if (delivery.state !== 'pending') return undefined; // cancelled meanwhile, and recorded then
    advance(run, { phase: 'between' });
    // The deadline is the engine's: an answer measured past timeoutMs is a timeout, whatever the transport saw.
    const result = enforceDeadline(reported, Math.max(reported.durationMs, wallClock.now() - startedAt), c.timeoutMs);
    const late = result.kind === 'timeout' && reported.kind === 'response' ? reported : undefined;
    record(
      delivery,
      new AttemptRecord(
        planned.number,
        startedAt,
        result.durationMs,
        attemptOutcome(result, c.successStatus),
        result.kind === 'response' ? result.status : late?.status,
        result.kind === 'network' ? share(result.error) : late && `answered ${late.status} after ${result.durationMs} ms, past timeoutMs ${c.timeoutMs}`,
        result.kind === 'response' ? share(result.responseBody) : undefined,
        faultName,
        latencyField(latencyMs),
      ),
    );
    return result;
  };

  const decide = (run: Running, planned: PlannedAttempt, result: AttemptResult): void => {
    const { delivery } = run;
    const c = cfg();
    const step = afterAttempt(result, {
      attempt: planned.number,
      plan: planned.plan,
      successStatus: c.successStatus,
      retry: c.retry,
      random: lazyFork(jitterRandom, `${delivery.id}#${planned.number}`),
      nowMs: wallClock.now(),
    });
    if (step.next === 'retry') return planAttempt(run, planned.number + 1, step.delayMs);
    settle(delivery, step.state);
    if (step.unsubscribe) deps.subscriptions.unsubscribe(delivery.apiKey, delivery.hookUrl, 'gone');
  };

  const record = (delivery: Delivery, a: Attempt): void => {
    delivery.attempts = withAttempt(delivery.attempts, a);
    stats.attempt(a.outcome);
    journal.changed(delivery, 'attempt');
  };

  const settle = (delivery: Delivery, state: TerminalState, reason?: CancelReason): void => {
    delivery.state = state;
    delivery.settledAt = wallClock.now();
    delivery.nextAttemptAt = undefined;
    if (reason !== undefined) delivery.cancelReason = reason;
    running.delete(delivery.id);
    stats.settled(state);
    // A delivery that ends failed or dropped is worth a warning; the rest is routine.
    const level = state === 'failed' || state === 'dropped' ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      const last = delivery.attempts[delivery.attempts.length - 1];
      logger[level](
        { delivery: delivery.id, state, type: delivery.event.type, hookUrl: delivery.hookUrl, attempts: delivery.attempts.length, last: last && (last.status ?? last.outcome) },
        `delivery ${state}`,
      );
    }
    journal.changed(delivery, 'settled');
  };

  /** Ends a pending delivery as `cancelled`, undoing whatever its phase holds. */
  const cancel = (run: Running, reason: CancelReason): void => {
    const s = run.state;
    switch (s.phase) {
      case 'waiting':
        s.timer.cancel();
        break;
      case 'queued':
        s.ticket.cancel();
        gate.pump();
        break;
      case 'sending':
        s.handle.cancel();
        record(
          run.delivery,
          new AttemptRecord(s.attempt.number, s.startedAt, Math.max(0, wallClock.now() - s.startedAt), 'cancelled', undefined, share(`cancelled by ${reason}`), undefined, s.fault, undefined),
        );
        break;
      case 'between':
        break;
      default: {
        const unknown: never = s;
        throw new Error(`unknown delivery phase ${JSON.stringify(unknown)}`);
      }
    }
    settle(run.delivery, 'cancelled', reason);
  };

  const cancelAll = (reason: CancelReason, which: (d: Delivery) => boolean = () => true): void => {
    for (const run of [...running.values()]) if (which(run.delivery)) cancel(run, reason);
  };

  const shuttingDown = (): EmulatorError =>
    new EmulatorError('SHUTTING_DOWN', 'The emulator is shutting down: it finishes the attempts in flight and takes no new work. Start it again to trigger events.');
  const refuseWhileDraining = (): void => {
    if (draining || closed) throw shuttingDown();
  };

  /** Back-pressure: `more` new pending deliveries must fit under `delivery.maxPending`. */
  const admitMore = (more: number, what: string): void => {
    if (more === 0) return;
    const max = cfg().maxPending;
    const pending = running.size;
    if (pending + more <= max) return;
    throw new EmulatorError(
      'TOO_MANY_PENDING',
      `Refused: ${what} would make ${pending + more} pending deliveries, past delivery.maxPending (${max}); ${pending} are pending now and nothing was created. ` +
        'Wait for pending deliveries to settle (GET /_emulator/stats), send fewer, or raise delivery.maxPending (PATCH /_emulator/config {"delivery":{"maxPending":...}}).',
      { extra: { pending, requested: more, maxPending: max } },
    );
  };

  deps.subscriptions.onRemoved((removed, reason) => {
    const ids = new Set(removed.map((s) => s.id));
    cancelAll(reason, (d) => ids.has(d.subscriptionId));
  });

  const engine: DeliveryEngine = {
    deliver(event) {
      const subscriptions = deps.subscriptions.list({ apiKey: event.apiKey, type: event.type });
      if (subscriptions.length === 0) return [];
      const kept = journalEvent(event);
      return subscriptions.map((s) => create(kept, { hookUrl: s.hookUrl, apiKey: s.apiKey, subscriptionId: s.id }).id);
    },
    whenRoom(signal) {
      refuseWhileDraining();
      return gate.whenRoom(signal);
    },
    admit(apiKey, type, events) {
      refuseWhileDraining();
      const fanOut = deps.subscriptions.list({ apiKey, type }).length;
      admitMore(events * fanOut, `${events} ${type} event${events === 1 ? '' : 's'} x ${fanOut} matching subscription${fanOut === 1 ? '' : 's'}`);
    },
    redeliver(id) {
      const original = journal.get(id);
      if (!original) return undefined;
      refuseWhileDraining();
      admitMore(1, `redelivering ${id}`);
      return create(original.event, original, original.id);
    },
    get: (id) => journal.get(id),
    query: (filter, options) => journal.query(filter, options),
    async waitFor(filter, min, timeoutMs, signal) {
      const { timedOut } = await journal.waitFor(filter, min, timeoutMs, signal);
      return { deliveries: journal.query(filter).deliveries, timedOut };
    },
    onChange: (listener) => journal.onChange(listener),
    stats: () => ({
      ...stats.snapshot(),
      inFlight: limiter.inFlight,
      queued: limiter.queued,
      triggersWaiting: gate.waiting,
      journal: { size: journal.size, maxDeliveries: cfg().journal.maxDeliveries, evicted: journal.evicted },
    }),
    reset() {
      cancelAll('reset');
      journal.clear();
      stats.clear();
      counter = 0;
    },
    async drain(graceMs, beforeCancel) {
      draining = true;
      gate.rejectAll(shuttingDown());
      finishedWhileDraining = 0;
      const inFlightAtStart = sending;
      if (sending > 0) {
        await new Promise<void>((resolve) => {
          const timer = wallClock.setTimeout(() => resolve(), graceMs);
          onIdle = () => {
            timer.cancel();
            resolve();
          };
        });
        onIdle = undefined;
      }
      const cutOff = sending;
      beforeCancel?.();
      engine.close();
      return { finished: Math.min(finishedWhileDraining, inFlightAtStart), cutOff };
    },
    snapshot: () => ({
      counter,
      deliveries: journal.query({}).deliveries.map(plainDelivery),
    }),
    restore(state) {
      cancelAll('reset');
      journal.clear();
      stats.clear();
      counter = state.counter;
      // The deliveries of one event share one copy of it again, as when they were made.
      const events = new Map<string, JournalEvent>();
      for (const saved of state.deliveries) {
        let event = events.get(saved.event.id);
        if (event === undefined || event.body !== saved.event.body || event.type !== saved.event.type || event.apiKey !== saved.event.apiKey) {
          event = journalEvent(saved.event);
          events.set(event.id, event);
        }
        const d = DeliveryRecord.from(saved, event);
        stats.created();
        for (const a of d.attempts) stats.attempt(a.outcome);
        journal.add(d);
        if (d.state !== 'pending') {
          stats.settled(d.state);
          journal.changed(d, 'settled');
          continue;
        }
        const run: Running = { delivery: d, host: limiter.hostOf(d.hookUrl), state: { phase: 'between' } };
        running.set(d.id, run);
        const number = d.attempts.length + 1;
        const plan = pickFault(rulesFor(d), number, lazyFork(faultRandom, `${d.id}#${number}`));
        const next: PlannedAttempt = { number, plan, latencyMs: 0 };
        // Waits are scaled by timeScale: turn the remaining wall-clock time back into engine time.
        const wait = Math.max(0, (d.nextAttemptAt ?? 0) - wallClock.now()) / cfg().timeScale;
        const timer = clock.setTimeout(() => startAttempt(run, next), wait);
        advance(run, { phase: 'waiting', timer, next });
      }
    },
    close() {
      if (closed) return;
      closed = true;
      gate.rejectAll(shuttingDown());
      cancelAll('close');
      journal.releaseWaiters();
      transport.close();
    },
  };
  return engine;
}

/** An attempt's `latencyMs`: recorded only when it waited. */
function latencyField(latencyMs: number): number | undefined {
  return latencyMs > 0 ? latencyMs : undefined;
}
