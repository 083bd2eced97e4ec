import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { EmulatorError, type ProblemCode } from '../core/errors.js';
import type { SubjectRequest } from '../core/subject.js';
import type { TriggerFn } from '../events/trigger-request.js';
import type { Scenario, ScenarioStep } from './scenario-schema.js';

export type RunState = 'running' | 'completed' | 'failed' | 'cancelled';
export type StepState = 'pending' | 'done' | 'skipped' | 'failed';

/** What POST /_emulator/scenarios/:name and GET /_emulator/scenario-runs/:id answer. */
export interface ScenarioRunView {
  id: string;
  scenario: string;
  state: RunState;
  apiKey: string;
  payloadVersion: PayloadVersion;
  startedAt: string;
  endedAt: string | null;
  /** The customer the run is following now (null before its first event). */
  customerId: number | null;
  /** Every project the run's events were about, in order of first appearance. */
  projectIds: number[];
  steps: Array<{ index: number; type: EventType; delayMs: number; state: StepState; eventId?: string }>;
  events: Array<{ id: string; type: EventType; step: number; payload: unknown }>;
  deliveries: string[];
  error: { step: number; code: ProblemCode; detail: string } | null;
}

export interface ScenarioRunDeps {
  clock: Clock;
  /** Makes a step's event happen (the event trigger). */
  trigger: TriggerFn;
  onFailure(error: unknown, step: number): void;
}

/**
 * One run of a scenario. The steps run in order from the constructor on: those without a delay
 * at the start are triggered before the constructor returns; later ones after their delay on the
 * (timeScale-scaled) clock.
 */
export class ScenarioRun {
  state: RunState = 'running';
  /** Settles when the run ends, whatever the outcome; never rejects. */
  readonly done: Promise<void>;
  private readonly startedAt: number;
  private endedAt: number | null = null;
  private customerId: number | undefined;
  private projectId: number | undefined;
  private readonly labels = new Map<string, number>();
  private readonly projectIds: number[] = [];
  private readonly stepStates: ScenarioRunView['steps'];
  private readonly events: ScenarioRunView['events'] = [];
  private readonly deliveries: string[] = [];
  private error: ScenarioRunView['error'] = null;
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly scenario: Scenario,
    readonly apiKey: string,
    readonly payloadVersion: PayloadVersion,
    private readonly deps: ScenarioRunDeps,
  ) {
    this.startedAt = deps.clock.now();
    this.stepStates = scenario.steps.map((s, index) => ({
      index,
      type: s.type,
      delayMs: s.delayMs,
      state: s.payloadVersions === undefined || s.payloadVersions.includes(payloadVersion) ? 'pending' : 'skipped',
    }));
    this.done = this.execute();
  }

  /** Stops before the next step (reset, shutdown); events already triggered stay. */
  cancel(): void {
    if (this.state !== 'running') return;
    const wake = this.wake;
    this.timer?.cancel();
    this.finish('cancelled');
    wake?.();
  }

  view(): ScenarioRunView {
    return {
      id: this.id,
      scenario: this.scenario.name,
      state: this.state,
      apiKey: this.apiKey,
      payloadVersion: this.payloadVersion,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: this.endedAt === null ? null : new Date(this.endedAt).toISOString(),
      customerId: this.customerId ?? null,
      projectIds: [...this.projectIds],
      steps: this.stepStates.map((s) => ({ ...s })),
      events: [...this.events],
      deliveries: [...this.deliveries],
      error: this.error,
    };
  }

  private async execute(): Promise<void> {
    for (const [index, step] of this.scenario.steps.entries()) {
      if (this.stepStates[index]!.state === 'skipped') continue;
      if (step.delayMs > 0) await this.wait(step.delayMs);
      if (this.state !== 'running') return;
      if (!this.runStep(index, step)) return;
    }
    this.finish('completed');
  }

  private async wait(ms: number): Promise<void> {
    if (ms <= 0 || this.state !== 'running') return;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = this.deps.clock.setTimeout(resolve, ms);
    });
  }

  private runStep(index: number, step: ScenarioStep): boolean {
    const label = step.project;
    const labelled = label === undefined ? undefined : this.labels.get(label);
    try {
      const result = this.deps.trigger({
        type: step.type,
        apiKey: this.apiKey,
        subject: this.subjectFor(step, labelled),
        ...(step.overrides !== undefined ? { overrides: step.overrides } : {}),
      });
      for (const event of result.events) {
        this.events.push({ id: event.id, type: event.type, step: index, payload: event.payload });
        this.follow(event.subject);
      }
      this.deliveries.push(...result.deliveries);
      if (label !== undefined && labelled === undefined && this.projectId !== undefined) this.labels.set(label, this.projectId);
      this.stepStates[index]!.state = 'done';
      this.stepStates[index]!.eventId = result.events[0]?.id;
      return true;
    } catch (err) {
      this.stepStates[index]!.state = 'failed';
      const code: ProblemCode = err instanceof EmulatorError ? err.code : 'INTERNAL_ERROR';
      this.error = { step: index, code, detail: err instanceof Error ? err.message : String(err) };
      this.deps.onFailure(err, index);
      this.finish('failed');
      return false;
    }
  }

  /** The customer/project the step is about (and a status change's target), from what the run has followed so far. */
  private subjectFor(step: ScenarioStep, labelled: number | undefined): SubjectRequest {
    const subject = this.entitiesFor(step, labelled);
    return step.status === undefined ? subject : { ...subject, status: step.status };
  }

  private entitiesFor(step: ScenarioStep, labelled: number | undefined): SubjectRequest {
    const customerType = step.customerType ?? this.scenario.customerType;
    const typeOf = customerType !== undefined ? { customerType } : {};
    // customer_created always adds a customer, and the run follows it from then on.
    if (step.type === 'customer_created' || step.newCustomer || this.customerId === undefined) {
      return { newCustomer: true, ...typeOf };
    }
    if (step.newProject || (step.project !== undefined && labelled === undefined)) {
      return { customerId: this.customerId, newProject: true };
    }
    const projectId = labelled ?? this.projectId;
    return projectId !== undefined ? { customerId: this.customerId, projectId } : { customerId: this.customerId };
  }

  private follow(subject: { customerId: number; projectId?: number }): void {
    if (subject.customerId !== this.customerId) {
      this.customerId = subject.customerId;
      this.projectId = undefined;
    }
    if (subject.projectId !== undefined) {
      this.projectId = subject.projectId;
      if (!this.projectIds.includes(subject.projectId)) this.projectIds.push(subject.projectId);
    }
  }

  private finish(state: Exclude<RunState, 'running'>): void {
    this.state = state;
    this.endedAt = this.deps.clock.now();
    this.timer = undefined;
    this.wake = undefined;
  }
}
