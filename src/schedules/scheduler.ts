import { eventTypesFor, type EventType } from '../catalogue/event-types.js';
import type { ConfigStore } from '../config/config-store.js';
import { formatIssues } from '../config/format-issues.js';
import { scheduleSpecSchema, type ScheduleSpec } from '../config/schedule-config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import type { Emulator } from '../emulator.js';
import { emitEvents } from '../events/emit-events.js';
import {
  RunningSchedule,
  type EmissionTiming,
  type EmitFn,
  type ScheduleOrigin,
  type ScheduleView,
} from './running-schedule.js';
import { validateOverrides } from './validate-overrides.js';

/** Why a schedule was refused; `code` is the control API problem code. */
export class ScheduleError extends Error {
  constructor(
    readonly code: 'INVALID_SCHEDULE' | 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_API_KEY' | 'INVALID_OVERRIDE',
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export interface SchedulerHost {
  clock: Clock;
  config: ConfigStore;
  random: Random;
  accounts: AccountRegistry;
  logger: Logger;
  /** Throws (with a message naming the field) when `overrides` do not fit `type`'s payload. */
  validateOverrides?(type: EventType, overrides: Record<string, unknown>): void;
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
    private readonly emit: EmitFn,
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
  start(input: unknown, origin: ScheduleOrigin = 'api'): ScheduleView {
    const spec = this.check(input);
    const id = `sch_${this.nextId++}`;
    const schedule = new RunningSchedule(id, spec, origin, {
      clock: this.host.clock,
      scale: () => this.host.config.get().timeScale,
      emit: this.emit,
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
    if (spec.overrides !== undefined && this.host.validateOverrides) {
      for (const type of types) {
        try {
          this.host.validateOverrides(type, spec.overrides);
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          const mix = types.length > 1 ? ' (in a mix, overrides must fit every type)' : '';
          throw new ScheduleError('INVALID_OVERRIDE', `overrides: ${why}${mix}`);
        }
      }
    }
    if (spec.apiKey !== undefined && this.host.accounts.get(spec.apiKey) === undefined) {
      const keys = this.host.accounts.all().map((a) => a.apiKey);
      throw new ScheduleError('UNKNOWN_API_KEY', `Unknown apiKey "${spec.apiKey}". Configured keys: ${keys.join(', ')}.`);
    }
    return spec;
  }
}

/**
 * The emulator's scheduler: emits through emitEvents, takes part in reset/close, and starts the
 * configured schedules at once.
 */
export function createScheduler(emu: Emulator): Scheduler {
  const scheduler = new Scheduler(
    {
      clock: emu.clock,
      config: emu.config,
      random: emu.random,
      accounts: emu.accounts,
      logger: emu.logger,
      validateOverrides: (type, overrides) => validateOverrides(emu.catalogue, emu.config.get().payloadVersion, type, overrides),
    },
    (request) => emitEvents(emu, request),
  );
  emu.use({ reset: () => scheduler.reset(), close: () => scheduler.close() });
  scheduler.startConfigured();
  return scheduler;
}
