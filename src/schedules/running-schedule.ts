import type { ScheduleSpec } from '../config/schedule-config.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { EmulatorError } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { TriggerFn } from '../events/trigger-request.js';
import { pickWeighted } from './pick-weighted.js';
import { createTimeline } from './schedule-timeline.js';

export type ScheduleState = 'active' | 'finished' | 'stopped';
export type ScheduleOrigin = 'api' | 'config';


/** Seen by the bench: when an emission was due and when it happened (both wall-clock ms). */
export interface EmissionTiming {
  scheduleId: string;
  dueAt: number;
  firedAt: number;
}

export interface RunningScheduleDeps {
  /** The scaled clock (emu.clock): its waits are multiplied by timeScale. */
  clock: Clock;
  /** The timeScale in force. */
  scale(): number;
  /** Makes one tick's event happen (the event trigger). */
  trigger: TriggerFn;
  timingRandom: Random;
  typesRandom: Random;
  onError(error: unknown): void;
  onEmission?(timing: EmissionTiming): void;
}

/** What `GET /_emulator/schedules` shows for each schedule. */
export interface ScheduleView {
  id: string;
  name?: string;
  origin: ScheduleOrigin;
  state: ScheduleState;
  spec: ScheduleSpec;
  startedAt: string;
  /** Wall-clock time of the next emission; null once the schedule is not active. */
  nextRunAt: string | null;
  emitted: number;
  deliveries: number;
  lastEventId: string | null;
  lastEmittedAt: string | null;
  endedAt: string | null;
  errors: number;
  lastError: string | null;
  /** Ticks skipped because delivery.maxPending deliveries were pending (back-pressure). */
  skipped: number;
}

/** Triggering more than this in one timer callback (after a long stall) yields to the event loop first. */
const MAX_CATCH_UP_PER_TICK = 1000;
/** Node timers may fire up to ~1 ms early against Date.now(); do not re-arm for that. */
const EARLY_TOLERANCE_MS = 1;

/**
 * One schedule's timer loop. Targets live in schedule time (wall-clock time at the start, then
 * running 1/timeScale as fast); each timer is set for the next precomputed target, and a timer
 * that fires late emits every target that is due (catch-up) instead of drifting.
 */
export class RunningSchedule {
  private state: ScheduleState = 'active';
  private timer: TimerHandle | undefined;
  private readonly startedAt: number;
  private realAnchor: number;
  private scheduleAnchor: number;
  private anchorScale: number;
  private readonly nextTarget: () => number | undefined;
  private target: number | undefined;
  private emitted = 0;
  private deliveries = 0;
  private lastEventId: string | null = null;
  private lastEmittedAt: number | null = null;
  private endedAt: number | null = null;
  private errors = 0;
  private lastError: string | null = null;
  private skipped = 0;

  constructor(
    readonly id: string,
    readonly spec: ScheduleSpec,
    readonly origin: ScheduleOrigin,
    private readonly deps: RunningScheduleDeps,
  ) {
    this.startedAt = deps.clock.now();
    this.realAnchor = this.startedAt;
    this.scheduleAnchor = this.startedAt;
    this.anchorScale = deps.scale();
    this.nextTarget = createTimeline(spec, this.startedAt, deps.timingRandom);
    this.target = this.nextTarget();
    this.arm();
  }

  get active(): boolean {
    return this.state === 'active';
  }

  /** Stops at once: no emission after this returns. */
  stop(): void {
    this.end('stopped');
  }

  /** Keeps schedule time continuous when timeScale changes mid-run. */
  rescale(): void {
    if (!this.active) return;
    const now = this.deps.clock.now();
    this.scheduleAnchor = this.scheduleTime(now);
    this.realAnchor = now;
    this.anchorScale = this.deps.scale();
    this.timer?.cancel();
    this.arm();
  }

  view(): ScheduleView {
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: this.id,
      ...(this.spec.name !== undefined ? { name: this.spec.name } : {}),
      origin: this.origin,
      state: this.state,
      spec: this.spec,
      startedAt: new Date(this.startedAt).toISOString(),
      nextRunAt: this.active && this.target !== undefined ? iso(Math.round(this.realTime(this.target))) : null,
      emitted: this.emitted,
      deliveries: this.deliveries,
      lastEventId: this.lastEventId,
      lastEmittedAt: iso(this.lastEmittedAt),
      endedAt: iso(this.endedAt),
      errors: this.errors,
      lastError: this.lastError,
      skipped: this.skipped,
    };
  }

  private scheduleTime(real: number): number {
    return this.scheduleAnchor + (real - this.realAnchor) / this.anchorScale;
  }

  private realTime(scheduleTime: number): number {
    return this.realAnchor + (scheduleTime - this.scheduleAnchor) * this.anchorScale;
  }

  private arm(): void {
    if (this.target === undefined) return this.end('finished');
    const now = this.deps.clock.now();
    // The clock multiplies this wait by timeScale, turning schedule time back into real time.
    // Waits past Node's 2^31 ms timer limit (a far cron run) are chained by the clock itself.
    const wait = Math.max(0, this.target - this.scheduleTime(now));
    this.timer = this.deps.clock.setTimeout(() => this.tick(), wait);
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.active) return;
    const now = this.deps.clock.now();
    let fired = 0;
    while (this.active && this.target !== undefined && this.realTime(this.target) <= now + EARLY_TOLERANCE_MS) {
      if (fired++ >= MAX_CATCH_UP_PER_TICK) {
        this.timer = this.deps.clock.setTimeout(() => this.tick(), 0);
        return;
      }
      // Read the clock per emission: in a catch-up burst the later ones really are later.
      if (this.deps.onEmission) this.deps.onEmission({ scheduleId: this.id, dueAt: this.realTime(this.target), firedAt: this.deps.clock.now() });
      this.triggerOne(now);
      this.target = this.nextTarget();
    }
    if (this.active) this.arm();
  }

  private triggerOne(now: number): void {
    const type = this.spec.type ?? pickWeighted(this.spec.types!, this.deps.typesRandom);
    try {
      const result = this.deps.trigger({
        type,
        ...(this.spec.overrides !== undefined ? { overrides: this.spec.overrides } : {}),
        ...(this.spec.apiKey !== undefined ? { apiKey: this.spec.apiKey } : {}),
      });
      this.emitted += result.events.length;
      this.deliveries += result.deliveries.length;
      this.lastEventId = result.events.at(-1)?.id ?? this.lastEventId;
      this.lastEmittedAt = now;
    } catch (err) {
      // Back-pressure: while too many deliveries are pending the tick is skipped, not an error.
      if (err instanceof EmulatorError && err.code === 'TOO_MANY_PENDING') {
        this.skipped++;
        return;
      }
      // A schedule outlives one bad emission (e.g. payloadVersion switched to v1 under a
      // contract_signed schedule); the count and message show up in the listing.
      this.errors++;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.deps.onError(err);
    }
  }

  private end(state: 'finished' | 'stopped'): void {
    if (!this.active) return;
    this.state = state;
    this.endedAt = this.deps.clock.now();
    this.timer?.cancel();
    this.timer = undefined;
  }
}
