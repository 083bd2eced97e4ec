import type { Clock, TimerHandle } from '../core/clock.js';
import { aimedLatency } from './aimed-latency.js';
import type { Logger } from '../core/logger.js';
import type { ConcurrencyLimiter, SlotTicket } from './concurrency-limiter.js';
import type { Attempt, CancelReason, Delivery, TerminalState } from './delivery-domain.js';
import type { DeliveryJournal } from './delivery-journal.js';
import type { AttemptResult } from './delivery-machine.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { Faults } from '../config/delivery-config.js';
import { optionFaults, planAfter, planAttempt, withOptions, type DeliveryOptions, type PlannedAttempt, type PlanningSettings, type PlanningStreams } from './attempt-planner.js';
import type { AttemptRunner, RunnerSettings, StartedAttempt } from './attempt-runner.js';
import { requestFault, type RequestFault } from './faults.js';
import type { SendQueueGate } from './send-queue-gate.js';

/** What a running delivery needs of itself: fixed when it is made; `options` replace the settings for it alone. */
export type DeliveryTarget = Pick<Delivery, 'id' | 'event' | 'hookUrl' | 'apiKey' | 'subscriptionId'> & { options?: DeliveryOptions };

/**
 * Where a pending delivery stands. Exactly one phase at a time; `advance` is the only place that
 * changes it, so a cancel always knows what to undo.
 */
type Phase =
  | { phase: 'waiting'; timer: TimerHandle; next: PlannedAttempt }
  | { phase: 'queued'; ticket: SlotTicket; next: PlannedAttempt }
  | { phase: 'sending'; sent: StartedAttempt }
  | { phase: 'between' };

interface Run {
  target: DeliveryTarget;
  host: string;
  state: Phase;
  /** With `target.options`: its faults, made once (the fault rules cache keys on the object). */
  faults?: Faults;
}

type RunSettings = ReturnType<DeliveryRunsDeps['settings']>;

export interface DeliveryRunsDeps {
  settings(): PlanningSettings & RunnerSettings & { timeScale: number };
  wallClock: Clock;
  /** Every wait (retry delays, latency); scaled by timeScale. */
  clock: Clock;
  logger: Logger;
  journal: DeliveryJournal;
  stats: DeliveryStats;
  limiter: ConcurrencyLimiter;
  gate: SendQueueGate;
  streams: PlanningStreams;
  runner: AttemptRunner;
  /** A 410 with `retry.unsubscribeOnGone`: the hook URL is unsubscribed. */
  unsubscribeGone(apiKey: string, hookUrl: string): void;
}

/**
 * Delivery state: the pending deliveries and their phases. It applies planning's decisions
 * (`attempt-planner.ts`) through the attempt runner, records every attempt and settlement in the
 * journal, and stops cleanly: cancel undoes any phase, drain lets what is in flight finish.
 */
export class DeliveryRuns {
  private readonly running = new Map<string, Run>();
  /** Set by drain: no new attempt; in-flight ones finish. */
  private draining = false;
  private inFlight = 0;
  private finishedWhileDraining = 0;
  private onIdle: (() => void) | undefined;

  constructor(private readonly deps: DeliveryRunsDeps) {}

  /** Pending deliveries (the back-pressure count). */
  get pending(): number {
    return this.running.size;
  }

  /**
   * A new pending delivery (already in the journal): its first attempt is planned now, its latency
   * counted from `elapsed()` real ms ago (the trigger's arrival) when given.
   */
  start(target: DeliveryTarget, elapsed?: () => number): void {
    const run = this.add(target);
    this.planNext(run, 1, 0, elapsed);
  }

  /** A pending delivery from a state document: its next attempt at its saved due time (at once if overdue). */
  resume(target: DeliveryTarget, attemptCount: number, nextAttemptAt: number | undefined): void {
    const run = this.add(target);
    const c = this.settingsOf(run);
    const next = planAttempt(this.deps.streams, c, target, attemptCount + 1, false);
    // Waits are scaled by timeScale: turn the remaining wall-clock time back into engine time.
    const wait = Math.max(0, (nextAttemptAt ?? 0) - this.deps.wallClock.now()) / c.timeScale;
    const timer = this.deps.clock.setTimeout(() => this.startAttempt(run, next), wait);
    this.advance(run, { phase: 'waiting', timer, next });
  }

  /** Ends a delivery (pending, in the journal) in `state`. */
  settle(target: DeliveryTarget, state: TerminalState, reason?: CancelReason): void {
    const { journal, stats, logger, wallClock } = this.deps;
    this.running.delete(target.id);
    stats.settled(state, target.event.type);
    // A delivery that ends failed or dropped is worth a warning; the rest is routine.
    const level = state === 'failed' || state === 'dropped' ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      const attempts = journal.get(target.id)?.attempts ?? [];
      const last = attempts[attempts.length - 1];
      logger[level](
        { delivery: target.id, state, type: target.event.type, hookUrl: target.hookUrl, attempts: attempts.length, last: last && (last.status ?? last.outcome) },
        `delivery ${state}`,
      );
    }
    journal.settle(target.id, state, wallClock.now(), reason);
  }

  /** Cancels the pending deliveries that `which` picks (all by default). */
  cancelAll(reason: CancelReason, which: (d: DeliveryTarget) => boolean = () => true): void {
    for (const run of [...this.running.values()]) if (which(run.target)) this.cancel(run, reason);
  }

  /**
   * Graceful stop: starts no new attempt, and waits up to `graceMs` (real time) for the attempts
   * in flight. Resolves with how many of them finished and how many are still in flight.
   */
  async drain(graceMs: number): Promise<{ finished: number; cutOff: number }> {
    this.draining = true;
    this.finishedWhileDraining = 0;
    const inFlightAtStart = this.inFlight;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.deps.wallClock.setTimeout(() => resolve(), graceMs);
        this.onIdle = () => {
          timer.cancel();
          resolve();
        };
      });
      this.onIdle = undefined;
    }
    return { finished: Math.min(this.finishedWhileDraining, inFlightAtStart), cutOff: this.inFlight };
  }

  private add(target: DeliveryTarget): Run {
    const run: Run = { target, host: this.deps.limiter.hostOf(target.hookUrl), state: { phase: 'between' } };
    if (target.options) run.faults = optionFaults(target.options, target.hookUrl);
    this.running.set(target.id, run);
    return run;
  }

  /** Still pending: not settled (nor reset and replaced by a delivery of the same id). */
  private live(run: Run): boolean {
    return this.running.get(run.target.id) === run;
  }

  /** The settings in force for `run`: its own options over those of the engine. */
  private settingsOf(run: Run): RunSettings {
    const c = this.deps.settings();
    return run.target.options && run.faults ? withOptions(c, run.target.options, run.faults) : c;
  }

  private advance(run: Run, next: Phase): void {
    run.state = next;
  }

  /**
   * Plans attempt `number` after `delayMs` of retry delay, plus the injected latency and any
   * reorder hold; with `elapsed`, the real ms already gone since the trigger arrived are not waited again.
   */
  private planNext(run: Run, number: number, delayMs: number, elapsed?: () => number): void {
    const c = this.settingsOf(run);
    const next = planAttempt(this.deps.streams, c, run.target, number);
    const wait = delayMs + next.latencyMs;
    if (wait <= 0) return this.startAttempt(run, next);
    this.deps.journal.scheduleNext(run.target.id, this.deps.wallClock.now() + wait * c.timeScale);
    const start = (sendAt?: number): void => this.startAttempt(run, sendAt === undefined ? next : { ...next, sendAt });
    const timer = next.latencyMs > 0 ? aimedLatency(this.deps.clock, start, wait, c.timeScale, elapsed, this.deps.runner.sendsAt) : this.deps.clock.setTimeout(() => this.startAttempt(run, next), wait);
    this.advance(run, { phase: 'waiting', timer, next });
  }

  private startAttempt(run: Run, next: PlannedAttempt): void {
    const { journal, limiter, gate, runner } = this.deps;
    journal.scheduleNext(run.target.id, undefined);
    this.advance(run, { phase: 'between' });
    if (this.draining) return; // cancelled when the drain ends
    if (next.plan.fault === 'drop') {
      this.record(run, runner.dropped(next.number, next.latencyMs));
      return this.decide(run, next, { kind: 'dropped' });
    }
    let granted = false;
    const ticket = limiter.acquire(run.host, () => {
      granted = true;
      if (this.draining) {
        // A slot freed during a drain starts nothing: the delivery waits to be cancelled. The
        // slot goes back later, not from inside the limiter's grant (no recursion down the queue).
        queueMicrotask(() => {
          limiter.release(run.host);
          gate.pump();
        });
        this.advance(run, { phase: 'between' });
        return;
      }
      void this.attempt(run, next);
    });
    if (!granted) this.advance(run, { phase: 'queued', ticket, next });
  }

  /** One attempt, holding a concurrency slot: the request, a duplicate copy if planned, the decision. */
  private async attempt(run: Run, next: PlannedAttempt): Promise<void> {
    const { plan } = next;
    const primaryFault = plan.fault === 'duplicate' ? undefined : (plan.fault ?? undefined);
    const result = await this.sendOnce(run, next, requestFault(plan), primaryFault, next.latencyMs);
    // The same request again at once, in the same slot; the first copy decides the state.
    if (result && plan.fault === 'duplicate') await this.sendOnce(run, next, null, 'duplicate', 0);
    this.deps.limiter.release(run.host);
    this.deps.gate.pump();
    if (result && this.live(run)) this.decide(run, next, result);
  }

  /** Sends one request and records it; undefined when the delivery was cancelled meanwhile. */
  private async sendOnce(run: Run, planned: PlannedAttempt, onRequest: RequestFault | null, fault: Attempt['fault'], latencyMs: number): Promise<AttemptResult | undefined> {
    const { target } = run;
    // The moment it is held for is the first copy's (a duplicate goes at once, after it).
    const sendAt = latencyMs > 0 ? planned.sendAt : undefined;
    const request = { url: target.hookUrl, body: target.event.body, contentType: target.event.contentType, number: planned.number, requestFault: onRequest, fault, latencyMs, sendAt };
    const sent = this.deps.runner.start(request, this.settingsOf(run));
    this.advance(run, { phase: 'sending', sent });
    this.inFlight++;
    let reported: Awaited<typeof sent.handle.result>;
    try {
      reported = await sent.handle.result;
    } finally {
      this.inFlight--;
      if (this.draining) this.finishedWhileDraining++;
      // After this attempt is recorded and decided (the rest of this turn), not before.
      if (this.inFlight === 0 && this.onIdle) setImmediate(() => this.inFlight === 0 && this.onIdle?.());
    }
    if (!this.live(run)) return undefined; // cancelled meanwhile, and recorded then
    this.advance(run, { phase: 'between' });
    const finished = this.deps.runner.finish(sent, reported);
    this.record(run, finished.attempt);
    return finished.result;
  }

  private decide(run: Run, planned: PlannedAttempt, result: AttemptResult): void {
    const { target } = run;
    const step = planAfter(this.deps.streams, this.settingsOf(run), target.id, planned, result, this.deps.wallClock.now());
    if (step.next === 'retry') return this.planNext(run, planned.number + 1, step.delayMs);
    this.settle(target, step.state);
    if (step.unsubscribe) this.deps.unsubscribeGone(target.apiKey, target.hookUrl);
  }

  private record(run: Run, attempt: Attempt): void {
    this.deps.stats.attempt(attempt.outcome, run.target.event.type, attempt.durationMs);
    this.deps.journal.addAttempt(run.target.id, attempt);
  }

  /** Ends a pending delivery as `cancelled`, undoing whatever its phase holds. */
  private cancel(run: Run, reason: CancelReason): void {
    const s = run.state;
    switch (s.phase) {
      case 'waiting':
        s.timer.cancel();
        break;
      case 'queued':
        s.ticket.cancel();
        this.deps.gate.pump();
        break;
      case 'sending':
        this.record(run, this.deps.runner.cancel(s.sent, reason));
        break;
      case 'between':
        break;
      default: {
        const unknown: never = s;
        throw new Error(`unknown delivery phase ${JSON.stringify(unknown)}`);
      }
    }
    this.settle(run.target, 'cancelled', reason);
  }
}
