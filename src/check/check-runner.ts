import type { AccountEvent } from '../core/event.js';
import type { Random } from '../core/random.js';
import type { Clock } from '../core/clock.js';
import type { Delivery } from '../delivery/delivery-domain.js';
import type { DeliveryEngine } from '../delivery/delivery-engine-api.js';
import type { HappenRequest } from '../events/event-trigger.js';
import { expandHookUrl } from '../guard/hook-url-template.js';
import type { CaseContext, CaseSpec, CheckPlan } from './check-context.js';
import type { CheckCallback, ReportBuilder } from './check-report.js';
import { deliveryCases, edgeValueCases, oneUrlPerType } from './delivery-cases.js';
import { lastAttempt, skipped, unreachable, type Verdict } from './judge.js';
import { burst, duplicate, malformedBody, outOfOrder, retryAfterCutOff, slowBody, stillAlive, wrongContentType } from './robustness-cases.js';

/** What a check run reads and calls: the catalogue to make events happen, the delivery engine to send them. */
export interface CheckRunDeps {
  catalogue: { happen(req: HappenRequest): AccountEvent };
  delivery: Pick<DeliveryEngine, 'deliverTo' | 'waitFor'>;
  wallClock: Clock;
}

/** The battery, in the order it runs: plain deliveries first, the receiver's resilience after, alive last. */
export function batteryFor(plan: CheckPlan): CaseSpec[] {
  return [
    ...deliveryCases(plan),
    oneUrlPerType,
    ...edgeValueCases,
    retryAfterCutOff,
    duplicate,
    outOfOrder,
    burst,
    slowBody,
    malformedBody,
    wrongContentType,
    stillAlive,
  ];
}

const SETTLED: Delivery['state'][] = ['delivered', 'failed', 'dropped', 'cancelled'];

/** A case's own view of the run: what it sends is recorded on its line of the report. */
interface CaseRecord {
  deliveries: string[];
  callbacks: CheckCallback[];
}

/**
 * Runs the battery one case at a time (so each data-API callback belongs to the case that caused
 * it), writing each verdict into `report`. Every delivery goes through the real engine and is
 * journaled. When nothing answers at all, the remaining cases are skipped with why. `signal`
 * stops it between cases (reset, close).
 */
export async function runCheck(deps: CheckRunDeps, plan: CheckPlan, random: Random, report: ReportBuilder, hooks: { current(record: CaseRecord | undefined): void }, signal: AbortSignal): Promise<void> {
  // Long enough for every attempt a case makes, plus the slow body; a settled wait returns at once.
  const waitMs = plan.timeoutMs * 3 + plan.slowBodyMs + 10_000;
  let gone: string | undefined;
  for (const spec of batteryFor(plan)) {
    if (signal.aborted) break;
    const line = report.begin(spec);
    const started = deps.wallClock.now();
    hooks.current(line);
    let verdict: Verdict;
    if (gone !== undefined) verdict = skipped(gone);
    else {
      const ctx = caseContext(deps, plan, random.fork(spec.id), line, waitMs, signal);
      try {
        verdict = await spec.run(ctx);
      } catch (err) {
        verdict = { state: 'failed', reason: `the check could not run this case: ${(err as Error).message}` };
      }
      const first = line.deliveries.length > 0 ? await deps.delivery.waitFor({ id: [line.deliveries[0]!] }, 1, 0) : undefined;
      const a = lastAttempt(first?.deliveries[0]);
      if (unreachable(a)) gone = `skipped: the receiver could not be reached (${a!.outcome}${a!.error ? `: ${a!.error}` : ''})`;
    }
    hooks.current(undefined);
    report.end(line, verdict, deps.wallClock.now() - started);
  }
}

function caseContext(deps: CheckRunDeps, plan: CheckPlan, random: Random, line: CaseRecord, waitMs: number, signal: AbortSignal): CaseContext {
  return {
    plan,
    random,
    happen: (type, version, subject) => deps.catalogue.happen({ type, apiKey: plan.apiKey, version, ...(subject ? { subject } : {}) }),
    send(event, options = {}) {
      const sent = options.payload === undefined ? event : { ...event, payload: options.payload, body: JSON.stringify(options.payload) };
      const id = deps.delivery.deliverTo(
        sent,
        { hookUrl: expandHookUrl(plan.forwardTo, event.type), subscriptionId: plan.id },
        { timeoutMs: plan.timeoutMs, retrySchedule: options.retrySchedule ?? [], outcomes: options.outcomes ?? [], slowBodyMs: plan.slowBodyMs },
      );
      line.deliveries.push(id);
      return id;
    },
    async settled(ids) {
      const { deliveries } = await deps.delivery.waitFor({ id: [...ids], state: SETTLED }, ids.length, waitMs, signal);
      const byId = new Map(deliveries.map((d) => [d.id, d]));
      return ids.map((id) => byId.get(id));
    },
    callbacks: () => line.callbacks,
    pause: (ms) =>
      new Promise((resolve) => {
        deps.wallClock.setTimeout(() => resolve(), ms);
      }),
  };
}
