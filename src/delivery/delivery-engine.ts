import type { EventType } from '../catalogue/event-types.js';
import type { TimerHandle } from '../core/clock.js';
import type { Emulator } from '../emulator.js';
import type { EmittedEvent } from '../events/event.js';
import type { Subscription } from '../subscriptions/subscription-store.js';
import { VERSION } from '../version.js';
import { ConcurrencyLimiter, type SlotTicket } from './concurrency-limiter.js';
import { journalEvent, type Attempt, type Delivery, type DeliveryFilter, type JournalEvent, type TerminalState } from './delivery.js';
import { DeliveryJournal, type ChangeListener } from './delivery-journal.js';
import { afterAttempt, attemptOutcome, type AttemptResult } from './delivery-machine.js';
import { FaultRulesCache, pickFault, requestFault, type FaultPlan, type FaultRules, type RequestFault } from './faults.js';
import { createGotTransport } from './got-transport.js';
import { lazyFork } from './lazy-fork.js';
import { sampleLatency } from './latency.js';
import { shapeBody, type AttemptHandle, type Transport } from './transport.js';
import { DeliveryStats, type StatsSnapshot } from './delivery-stats.js';

export type CancelReason = NonNullable<Delivery['cancelReason']>;

/** The delivery engine: fan-out of events to subscriptions, attempts, retries and the journal. */
export interface DeliveryEngine {
  /** One delivery per subscription of the event's account and type; returns their ids. */
  dispatch(event: EmittedEvent): string[];
  /** Sends a delivery again as a new delivery (`redeliveryOf` names the original); undefined if unknown. */
  redeliver(id: string): Delivery | undefined;
  get(id: string): Delivery | undefined;
  query(filter: DeliveryFilter, options?: { limit?: number; order?: 'asc' | 'desc' }): { deliveries: Delivery[]; total: number };
  /**
   * Resolves once at least `min` deliveries match (at once if they already do), or after
   * `timeoutMs` with what matches then. `signal` stops the wait early (the client went away).
   *
   * @example await emu.delivery.waitFor({ state: ['delivered'] }, 3, 5000)
   */
  waitFor(
    filter: DeliveryFilter,
    min: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ deliveries: Delivery[]; timedOut: boolean }>;
  /** Hears of every created delivery, recorded attempt and settlement (the SSE stream uses this). */
  onChange(listener: ChangeListener): () => void;
  stats(): StatsSnapshot & { inFlight: number; queued: number; journal: { size: number; maxDeliveries: number; evicted: number } };
}

export interface DeliveryEngineDeps {
  /** Defaults to got with keep-alive agents; tests inject a fake. */
  transport?: Transport;
}

/** What a pending delivery holds while it waits or is in flight. */
interface Running {
  delivery: Delivery;
  host: string;
  timer?: TimerHandle;
  ticket?: SlotTicket;
  inFlight?: { handle: AttemptHandle; number: number; startedAt: number; fault: FaultPlan['fault'] };
}

export function createDeliveryEngine(emu: Emulator, deps: DeliveryEngineDeps = {}): DeliveryEngine {
  const cfg = () => emu.config.get().delivery;
  const transport = deps.transport ?? createGotTransport({ now: () => emu.wallClock.now(), clock: emu.clock });
  const limiter = new ConcurrencyLimiter(() => cfg().concurrency);
  const journal = new DeliveryJournal(() => cfg().journal.maxDeliveries, emu.wallClock);
  const stats = new DeliveryStats();
  const running = new Map<string, Running>();
  const faultRandom = emu.random.fork('faults');
  const latencyRandom = emu.random.fork('latency');
  const jitterRandom = emu.random.fork('jitter');
  let counter = 0;
  let closed = false;

  emu.config.onChange(() => {
    limiter.poke();
    journal.trim(); // a lowered journal cap applies now, not at the next settlement
  });

  const create = (event: JournalEvent, target: { hookUrl: string; apiKey: string; subscriptionId: string }, redeliveryOf?: string): Delivery => {
    const delivery: Delivery = {
      id: `dlv_${++counter}`,
      event,
      hookUrl: target.hookUrl,
      apiKey: target.apiKey,
      subscriptionId: target.subscriptionId,
      state: 'pending',
      attempts: [],
      createdAt: emu.wallClock.now(),
      ...(redeliveryOf === undefined ? {} : { redeliveryOf }),
    };
    stats.created();
    journal.add(delivery);
    if (closed) settle(delivery, 'cancelled', 'close');
    else {
      running.set(delivery.id, { delivery, host: limiter.hostOf(delivery.hookUrl) });
      schedule(delivery, 1, 0);
    }
    return delivery;
  };

  /** Attempt `number` after `delayMs` of retry delay, plus the injected latency and any reorder hold. */
  const schedule = (delivery: Delivery, number: number, delayMs: number): void => {
    const run = running.get(delivery.id);
    if (!run) return;
    const plan = pickFault(rulesFor(delivery), number, lazyFork(faultRandom, `${delivery.id}#${number}`));
    const latency = sampleLatency(latencyFor(delivery.event.type), lazyFork(latencyRandom, `${delivery.id}#${number}`));
    const injected = latency + plan.holdMs;
    const wait = delayMs + injected;
    if (wait <= 0) return startAttempt(run, number, plan, injected);
    delivery.nextAttemptAt = emu.wallClock.now() + wait * emu.config.get().timeScale;
    run.timer = emu.clock.setTimeout(() => {
      run.timer = undefined;
      startAttempt(run, number, plan, injected);
    }, wait);
  };

  const latencyFor = (type: EventType) => cfg().latencyByType[type] ?? cfg().latency;

  const rulesCache = new FaultRulesCache();
  const rulesFor = (d: Delivery): FaultRules =>
    rulesCache.get(cfg().faults, { hookUrl: d.hookUrl, type: d.event.type, subscriptionId: d.subscriptionId });

  const startAttempt = (run: Running, number: number, plan: FaultPlan, latencyMs: number): void => {
    const { delivery } = run;
    delivery.nextAttemptAt = undefined;
    if (plan.fault === 'drop') {
      record(delivery, { number, startedAt: emu.wallClock.now(), durationMs: 0, outcome: 'injected_drop', fault: 'drop', ...latencyField(latencyMs) });
      return decide(delivery, number, plan, { kind: 'dropped' });
    }
    run.ticket = limiter.acquire(run.host, () => {
      run.ticket = undefined;
      void attempt(run, number, plan, latencyMs);
    });
  };

  /** One attempt, holding a concurrency slot: the request, a duplicate copy if planned, the decision. */
  const attempt = async (run: Running, number: number, plan: FaultPlan, latencyMs: number): Promise<void> => {
    const { delivery } = run;
    const primaryFault = plan.fault === 'duplicate' ? undefined : (plan.fault ?? undefined);
    const result = await sendOnce(run, number, requestFault(plan), primaryFault, latencyMs);
    // The same request again at once, in the same slot; the first copy decides the state.
    if (result && plan.fault === 'duplicate') await sendOnce(run, number, null, 'duplicate', 0);
    limiter.release(run.host);
    if (result && delivery.state === 'pending') decide(delivery, number, plan, result);
  };

  /** Sends one request and records it; undefined when the delivery was cancelled meanwhile. */
  const sendOnce = async (
    run: Running,
    number: number,
    fault: RequestFault | null,
    faultName: Attempt['fault'],
    latencyMs: number,
  ): Promise<AttemptResult | undefined> => {
    const { delivery } = run;
    const c = cfg();
    const startedAt = emu.wallClock.now();
    const handle = transport.send({
      url: delivery.hookUrl,
      ...shapeBody(delivery.event.body, fault, c.faults.slowBodyMs),
      userAgent: c.userAgent ?? `solarproof-mock/${VERSION}`,
      timeoutMs: c.timeoutMs,
      rejectUnauthorized: c.tls.rejectUnauthorized,
    });
    run.inFlight = { handle, number, startedAt, fault: faultName ?? null };
    const result = await handle.result;
    run.inFlight = undefined;
    if (delivery.state !== 'pending') return undefined; // cancelled meanwhile, and recorded then
    record(delivery, {
      number,
      startedAt,
      durationMs: result.durationMs,
      outcome: attemptOutcome(result, cfg().successStatus),
      ...(result.kind === 'response' ? { status: result.status, responseBody: result.responseBody } : {}),
      ...(result.kind === 'network' ? { error: result.error } : {}),
      ...(faultName === undefined ? {} : { fault: faultName }),
      ...latencyField(latencyMs),
    });
    return result;
  };

  const decide = (delivery: Delivery, number: number, plan: FaultPlan, result: AttemptResult): void => {
    const c = cfg();
    const step = afterAttempt(result, {
      attempt: number,
      plan,
      successStatus: c.successStatus,
      retry: c.retry,
      random: lazyFork(jitterRandom, `${delivery.id}#${number}`),
      nowMs: emu.wallClock.now(),
    });
    if (step.next === 'retry') return schedule(delivery, number + 1, step.delayMs);
    settle(delivery, step.state);
    if (step.unsubscribe) emu.subscriptions.unsubscribe(delivery.apiKey, delivery.hookUrl, 'gone');
  };

  const record = (delivery: Delivery, attempt: Attempt): void => {
    delivery.attempts.push(attempt);
    stats.attempt(attempt.outcome);
    journal.changed(delivery, 'attempt');
  };

  const settle = (delivery: Delivery, state: TerminalState, reason?: CancelReason): void => {
    delivery.state = state;
    delivery.settledAt = emu.wallClock.now();
    delivery.nextAttemptAt = undefined;
    if (reason !== undefined) delivery.cancelReason = reason;
    running.delete(delivery.id);
    stats.settled(state);
    if (emu.logger.isLevelEnabled('info')) {
      const last = delivery.attempts[delivery.attempts.length - 1];
      emu.logger.info(
        { delivery: delivery.id, state, type: delivery.event.type, hookUrl: delivery.hookUrl, attempts: delivery.attempts.length, last: last && (last.status ?? last.outcome) },
        `delivery ${state}`,
      );
    }
    journal.changed(delivery, 'settled');
  };

  /** Ends a pending delivery as `cancelled`; an attempt in flight is stopped and recorded as such. */
  const cancel = (run: Running, reason: CancelReason): void => {
    run.timer?.cancel();
    run.ticket?.cancel();
    const flying = run.inFlight;
    if (flying) {
      flying.handle.cancel();
      record(run.delivery, {
        number: flying.number,
        startedAt: flying.startedAt,
        durationMs: Math.max(0, emu.wallClock.now() - flying.startedAt),
        outcome: 'cancelled',
        error: `cancelled by ${reason}`,
        ...(flying.fault === null ? {} : { fault: flying.fault }),
      });
    }
    settle(run.delivery, 'cancelled', reason);
  };

  const cancelAll = (reason: CancelReason, which: (d: Delivery) => boolean = () => true): void => {
    for (const run of [...running.values()]) if (which(run.delivery)) cancel(run, reason);
  };

  emu.subscriptions.onRemoved((removed: readonly Subscription[], reason) => {
    const ids = new Set(removed.map((s) => s.id));
    cancelAll(reason, (d) => ids.has(d.subscriptionId));
  });

  emu.use({
    reset() {
      cancelAll('reset');
      journal.clear();
      stats.clear();
      counter = 0;
    },
    close() {
      closed = true;
      cancelAll('close');
      journal.releaseWaiters();
      transport.close();
    },
  });

  return {
    dispatch(event) {
      const subscriptions = emu.subscriptions.list({ apiKey: event.apiKey, type: event.type });
      if (subscriptions.length === 0) return [];
      const kept = journalEvent(event);
      return subscriptions.map((s) => create(kept, { hookUrl: s.hookUrl, apiKey: s.apiKey, subscriptionId: s.id }).id);
    },
    redeliver(id) {
      const original = journal.get(id);
      if (!original) return undefined;
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
      journal: { size: journal.size, maxDeliveries: cfg().journal.maxDeliveries, evicted: journal.evicted },
    }),
  };
}

function latencyField(latencyMs: number): { latencyMs?: number } {
  return latencyMs > 0 ? { latencyMs } : {};
}

