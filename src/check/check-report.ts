import type { CheckCase, CheckReport } from '../contract/check-schemas.js';
import type { CheckPlan } from './check-context.js';
import type { Verdict } from './judge.js';

export type { CheckCallback, CheckCase, CheckReport } from '../contract/check-schemas.js';

/**
 * A check's report as it fills in: the case running now, then each verdict. Views are copies
 * (`view()`), so a caller never holds the report being written.
 */
export class ReportBuilder {
  private readonly cases: CheckCase[] = [];
  private state: CheckReport['state'] = 'running';
  private finishedAt: string | undefined;

  constructor(
    private readonly plan: CheckPlan,
    private readonly startedAt: string,
  ) {}

  get running(): boolean {
    return this.state === 'running';
  }

  /** A case starts: it shows as running until its verdict. */
  begin(spec: { id: string; title: string; source: string }): CheckCase {
    const c: CheckCase = { id: spec.id, title: spec.title, source: spec.source, state: 'running', deliveries: [], callbacks: [], durationMs: 0 };
    this.cases.push(c);
    return c;
  }

  /** A case's verdict. */
  end(c: CheckCase, verdict: Verdict, durationMs: number): void {
    c.state = verdict.state;
    c.durationMs = Math.round(durationMs);
    if (verdict.state !== 'passed') c.reason = verdict.reason;
    if (verdict.state !== 'skipped' && verdict.note !== undefined) c.note = verdict.note;
  }

  /** The run is over: passed when no case failed. */
  finish(now: string): void {
    this.state = this.cases.some((c) => c.state === 'failed') ? 'failed' : 'passed';
    this.finishedAt = now;
  }

  view(): CheckReport {
    const count = (s: CheckCase['state']): number => this.cases.filter((c) => c.state === s).length;
    const { plan } = this;
    return {
      id: plan.id,
      state: this.state,
      forwardTo: plan.forwardTo,
      types: [...plan.types],
      versions: [...plan.versions],
      seed: plan.seed,
      timeoutMs: plan.timeoutMs,
      startedAt: this.startedAt,
      ...(this.finishedAt === undefined ? {} : { finishedAt: this.finishedAt }),
      cases: this.cases.map((c) => ({ ...c, deliveries: [...c.deliveries], callbacks: c.callbacks.map((cb) => ({ ...cb })) })),
      summary: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    };
  }
}
