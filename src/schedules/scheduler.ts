import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { ConfigStore } from '../config/config-store.js';
import { formatIssues } from '../core/format-issues.js';
import { scheduleSpecSchema, type ScheduleSpec } from '../config/schedule-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { AccountRegistry } from '../solarproof/account-registry.js';
import { EmulatorError, unknownApiKey } from '../core/errors.js';
import type { TriggerFn } from '../events/trigger-request.js';
import {
  RunningSchedule,
  type EmissionTiming,
  type ScheduleOrigin,
  type ScheduleView,
} from './running-schedule.js';

/** Why a schedule was refused; `code` is the control API problem code, `problems` lists every one. */
type ScheduleErrorCode = 'INVALID_SCHEDULE' | 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_API_KEY' | 'INVALID_OVERRIDE';

export class ScheduleError extends EmulatorError {
  declare readonly code: ScheduleErrorCode;
  readonly problems: string[];
  constructor(code: ScheduleErrorCode, message: string, problems: string[] = [message]) {
    // Every schedule problem is a 400 (an unknown type or key in a schedule is a bad spec).
    super(code, message, { status: 400, extra: { problems } });
    this.name = 'ScheduleError';
    this.problems = problems;
  }
}

export interface SchedulerHost {
  /** The scaled clock: waits are multiplied by timeScale. */
  clock: Clock;
  /** Schedules, payloadVersion and timeScale in force, and their changes. */
  config: Pick<ConfigStore, 'get' | 'onChange'>;
  random: Random;
  accounts: Pick<AccountRegistry, 'get' | 'all'>;
  logger: Logger;
  /** Makes each tick's event happen. */
  events: { trigger: TriggerFn };
  /** Throws (with a message naming the field) when `overrides` do not fit (type, version)'s payload. */
  checkOverrides?(type: EventType, version: PayloadVersion, overrides: Record<string, unknown>): void;
  /** Runs what start-up's warm-up has left, at once: called before a new schedule sets its first moment (decision 0042). */
  warmNow?(): void;
}

/** The scheduler's part of a state document. */
export interface SchedulesState {
  nextId: number;
  schedules: Array<{ id: string; origin: ScheduleOrigin; spec: ScheduleSpec }>;
}

export interface SchedulerOptions {
  /** Called at every emission with its due and actual time (the bench measures lateness). */
  onEmission?(timing: EmissionTiming): void;
}

/**
 * Every schedule of one emulator: started from the config (`schedules`, `--schedule`,
 * `SPMOCK_SCHEDULES`) and from `POST /_emulator/schedules`. Finished schedules stay listed;
 * stopped ones (DELETE) leave the list.
 */
export class Scheduler {
  private readonly schedules = new Map<string, RunningSchedule>();
  private nextId = 1;
  private random: Random;

  constructor(
    private readonly host: SchedulerHost,
    private readonly options: SchedulerOptions = {},
  ) {
    this.random = host.random.fork('schedules');
    host.config.onChange((config, previous) => {
      if (config.timeScale === previous.timeScale) return;
      for (const s of this.schedules.values()) s.rescale();
    });
  }

  /**
   * Validates `input` (a body or a config entry) against the schema and the running emulator
   * (types known in the payload version, API key known) and starts it.
   *
   * @example scheduler.start({ type: 'customer_created', everyMs: 5000, count: 10 })
   */
  /** The schedules running now (spec, origin, id) and the id counter, for a state document. */
  snapshot(): SchedulesState {
    return { nextId: this.nextId, schedules: [...this.schedules.values()].filter((s) => s.active).map((s) => ({ id: s.id, origin: s.origin, spec: s.spec })) };
  }

  /**
   * Replaces every schedule with a snapshot's, same ids, each starting its timeline again from
   * now (counts start at 0). Throws a ScheduleError, changing nothing, when a spec does not fit.
   */
  /** What `restore(state)` would refuse, by path (empty when it fits). */
  problems(state: SchedulesState): string[] {
    const problems: string[] = [];
    state.schedules.forEach((s, i) => {
      try {
        this.check(s.spec);
      } catch (err) {
        problems.push(`schedules.schedules.${i}.spec: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return problems;
  }

  restore(state: SchedulesState): void {
    for (const s of state.schedules) this.check(s.spec);
    this.close();
    for (const s of state.schedules) this.start(s.spec, s.origin, s.id);
    this.nextId = state.nextId;
  }

  start(input: unknown, origin: ScheduleOrigin = 'api', savedId?: string): ScheduleView {
    const spec = this.check(input);
    // A schedule made through the API: its first tick does not come due behind a warm-up step.
    if (origin === 'api' && savedId === undefined) this.host.warmNow?.();
    const id = savedId ?? `sch_${this.nextId++}`;
    const schedule = new RunningSchedule(id, spec, origin, {
      clock: this.host.clock,
      scale: () => this.host.config.get().timeScale,
      trigger: (request) => this.host.events.trigger(request),
      // Independent streams per schedule: one schedule's draws never shift another's.
      timingRandom: this.random.fork(`${id}:timing`),
      typesRandom: this.random.fork(`${id}:types`),
      onError: (err) => this.host.logger.warn({ err, schedule: id }, 'schedule emission failed'),
      ...(this.options.onEmission ? { onEmission: this.options.onEmission } : {}),
    });
    this.schedules.set(id, schedule);
    this.host.logger.debug({ schedule: id, spec }, 'schedule started');
    return schedule.view();
  }

  /** Starts every schedule in the config (at start-up and after reset). */
  startConfigured(): void {
    this.host.config.get().schedules.forEach((spec, i) => {
      try {
        this.start(spec, 'config');
      } catch (err) {
        if (err instanceof ScheduleError) throw new ScheduleError(err.code, `schedules.${i}: ${err.message}`, err.problems.map((p) => `schedules.${i}.${p}`));
        throw err;
      }
    });
  }

  list(): ScheduleView[] {
    return [...this.schedules.values()].map((s) => s.view());
  }

  get(id: string): ScheduleView | undefined {
    return this.schedules.get(id)?.view();
  }

  /** Stops a schedule at once and removes it from the list; returns its last view. */
  stop(id: string): ScheduleView | undefined {
    const schedule = this.schedules.get(id);
    if (!schedule) return undefined;
    schedule.stop();
    this.schedules.delete(id);
    return schedule.view();
  }

  /** Stops everything and starts the configured schedules again, numbered from sch_1. */
  reset(): void {
    this.close();
    this.nextId = 1;
    this.random = this.host.random.fork('schedules');
    this.startConfigured();
  }

  close(): void {
    for (const s of this.schedules.values()) s.stop();
    this.schedules.clear();
  }

  private check(input: unknown): ScheduleSpec {
    const parsed = scheduleSpecSchema.safeParse(input);
    if (!parsed.success) {
      const problems = formatIssues(parsed.error.issues, input);
      throw new ScheduleError('INVALID_SCHEDULE', `The schedule was not started; fix these: ${problems.join('; ')}`, problems);
    }
    const spec = parsed.data;
    const version = this.host.config.get().payloadVersion;
    const known = eventTypesFor(version);
    const types: EventType[] = spec.type !== undefined ? [spec.type] : (Object.keys(spec.types ?? {}) as EventType[]);
    for (const type of types) {
      if (!known.includes(type)) {
        throw new ScheduleError(
          'UNKNOWN_EVENT_TYPE',
          `Event type "${type}" does not exist in payload version ${version}. Known types: ${known.join(', ')}.`,
        );
      }
    }
    const checkOverrides = this.host.checkOverrides;
    if (spec.overrides !== undefined && checkOverrides) {
      for (const type of types) {
        try {
          checkOverrides(type, version, spec.overrides);
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          const mix = types.length > 1 ? ' (in a mix, overrides must fit every type)' : '';
          throw new ScheduleError('INVALID_OVERRIDE', `overrides: ${why}${mix}`);
        }
      }
    }
    if (spec.apiKey !== undefined && this.host.accounts.get(spec.apiKey) === undefined) {
      throw new ScheduleError('UNKNOWN_API_KEY', unknownApiKey(spec.apiKey, this.host.accounts.all().map((a) => a.apiKey)).message);
    }
    return spec;
  }
}
