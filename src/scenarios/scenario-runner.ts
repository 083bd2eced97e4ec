import type { AccountRegistry } from '../solarproof/account-registry.js';
import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { EmulatorError, unknownApiKey } from '../core/errors.js';
import type { TriggerFn } from '../events/trigger-request.js';
import type { ScenarioLibrary } from './scenario-library.js';
import { ScenarioRun, type ScenarioRunView } from './scenario-run.js';
import type { Scenario } from './scenario-schema.js';

export type ScenarioErrorCode = 'UNKNOWN_SCENARIO' | 'UNKNOWN_API_KEY' | 'SCENARIO_NOT_RUNNABLE' | 'INVALID_OVERRIDE' | 'UNKNOWN_SCENARIO_RUN';

/** Why a scenario cannot start; `status` and `code` go into the control API problem. */
export class ScenarioError extends EmulatorError {
  constructor(status: 400 | 404, code: ScenarioErrorCode, message: string) {
    super(code, message, { status });
    this.name = 'ScenarioError';
  }
}

export interface ScenarioRunnerHost {
  /** The scaled clock: step delays are multiplied by timeScale. */
  clock: Clock;
  payloadVersion(): PayloadVersion;
  accounts: Pick<AccountRegistry, 'get' | 'all' | 'primary'>;
  logger: Logger;
  /** Makes each step's event happen. */
  events: { trigger: TriggerFn };
  /** Throws (with a message naming the field) when `overrides` do not fit (type, version)'s payload. */
  checkOverrides?(type: EventType, version: PayloadVersion, overrides: Record<string, unknown>): void;
}

/** Finished runs kept for GET /_emulator/scenario-runs (oldest dropped first). */
const KEPT_RUNS = 100;

/**
 * Starts scenarios and keeps their runs. A run follows one customer and project from step to
 * step, waits `delayMs` (times timeScale) on the emulator's clock before each step, and ends
 * `completed`, `failed` (a step could not be triggered) or `cancelled` (reset or shutdown).
 */
export class ScenarioRunner {
  private readonly runs = new Map<string, ScenarioRun>();
  private nextId = 1;

  constructor(
    private readonly host: ScenarioRunnerHost,
    readonly library: ScenarioLibrary,
  ) {}

  /**
   * Starts `name` and returns its run at once; steps without a delay at the start have already
   * been triggered. `await run.done` for the end.
   *
   * @example const run = runner.start('residential-journey'); await run.done; run.view().events
   */
  start(name: string, options: { apiKey?: string } = {}): ScenarioRun {
    const scenario = this.library.get(name);
    if (!scenario) {
      const known = this.library.all().map((s) => s.name);
      throw new ScenarioError(404, 'UNKNOWN_SCENARIO', `Unknown scenario "${name}". Known scenarios: ${known.join(', ')}. GET /_emulator/scenarios lists them.`);
    }
    const apiKey = options.apiKey ?? this.host.accounts.primary().apiKey;
    if (this.host.accounts.get(apiKey) === undefined) {
      throw unknownApiKey(apiKey, this.host.accounts.all().map((a) => a.apiKey));
    }
    const version = this.host.payloadVersion();
    checkRunnable(scenario.steps, version, scenario.name);
    this.checkOverrides(scenario.steps, version, scenario.name);
    const run = new ScenarioRun(`run_${this.nextId++}`, scenario, apiKey, version, {
      clock: this.host.clock,
      trigger: (request) => this.host.events.trigger(request),
      onFailure: (err, step) => this.host.logger.warn({ err, scenario: name, step }, 'scenario step failed'),
    });
    this.runs.set(run.id, run);
    this.prune();
    return run;
  }

  get(id: string): ScenarioRunView | undefined {
    return this.runs.get(id)?.view();
  }

  list(): ScenarioRunView[] {
    return [...this.runs.values()].map((r) => r.view());
  }

  /** Cancels every run and forgets them; run ids start again at run_1. */
  reset(): void {
    this.close();
    this.runs.clear();
    this.nextId = 1;
  }

  close(): void {
    for (const run of this.runs.values()) run.cancel();
  }

  private checkOverrides(steps: Scenario['steps'], version: PayloadVersion, name: string): void {
    const validate = this.host.checkOverrides;
    if (!validate) return;
    steps.forEach((step, i) => {
      if (step.overrides === undefined || (step.payloadVersions !== undefined && !step.payloadVersions.includes(version))) return;
      try {
        validate(step.type, version, step.overrides);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new ScenarioError(400, 'INVALID_OVERRIDE', `Scenario "${name}" steps[${i}].overrides: ${why}`);
      }
    });
  }

  private prune(): void {
    for (const [id, run] of this.runs) {
      if (this.runs.size <= KEPT_RUNS) return;
      if (run.state !== 'running') this.runs.delete(id);
    }
  }
}

/** Refuses a run up front rather than failing half-way on a type the payload version lacks. */
function checkRunnable(steps: ReadonlyArray<{ type: EventType; payloadVersions?: PayloadVersion[] | undefined }>, version: PayloadVersion, name: string): void {
  const known = eventTypesFor(version);
  steps.forEach((step, i) => {
    const runs = step.payloadVersions === undefined || step.payloadVersions.includes(version);
    if (runs && !known.includes(step.type)) {
      throw new ScenarioError(
        400,
        'SCENARIO_NOT_RUNNABLE',
        `Scenario "${name}" steps[${i}] is ${step.type}, which does not exist in payload version ${version}; add "payloadVersions": ["v2"] to that step to skip it under ${version}.`,
      );
    }
  });
}
