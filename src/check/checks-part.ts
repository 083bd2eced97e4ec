import type { Account } from '../core/account.js';
import { EmulatorError, unknownApiKey } from '../core/errors.js';
import { PAYLOAD_VERSIONS, EVENT_TYPES, eventTypesFor } from '../core/event-types.js';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { createRandom } from '../core/random.js';
import type { CheckReport, CheckRequest } from '../contract/check-schemas.js';
import type { CheckPlan } from './check-context.js';
import { ReportBuilder, type CheckCallback } from './check-report.js';
import type { CheckRunDeps } from './check-runner.js';
import { toJunit } from './junit.js';

export interface ChecksDeps extends CheckRunDeps {
  accounts: { get(apiKey: string): Account | undefined; all(): readonly Account[]; primary(): Account };
  logger: Logger;
}

/** The receiver checks of this emulator (docs/check.md): start one, read its report, as JSON or JUnit. */
export interface Checks {
  /** Starts a check; resolves with its report when it ends. Throws an EmulatorError for a request it cannot run. */
  run(request: CheckRequest): { id: string; done: Promise<CheckReport> };
  /** A check's report so far, or undefined. */
  get(id: string): CheckReport | undefined;
  junit(id: string): string | undefined;
  /** A data-API call with a known key: recorded on the case running now, in every check using that key. */
  heard(call: { apiKey: string; action: string; method: string; status: number }): void;
}

interface Running {
  apiKey: string;
  report: ReportBuilder;
  current: { callbacks: CheckCallback[] } | undefined;
  abort: AbortController;
  done: Promise<CheckReport>;
}

/** The most finished checks kept (the oldest go first). */
const KEPT = 50;

/** The checks as a part of the root: reset and close stop every running check between cases and forget them. */
export function createChecksPart(deps: ChecksDeps): Checks & Part {
  const checks = new Map<string, Running>();
  let counter = 0;

  const plan = (request: CheckRequest): CheckPlan => {
    let url: URL;
    try {
      url = new URL(request.forwardTo.replaceAll('{type}', 'type'));
    } catch {
      throw new EmulatorError('INVALID_BODY', `forwardTo ${JSON.stringify(request.forwardTo)} is not a URL; give the receiver's URL, e.g. http://127.0.0.1:3000/webhooks/solarproof/{type}.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EmulatorError('INVALID_BODY', `forwardTo must be an http or https URL; got ${url.protocol}.`);
    const apiKey = request.apiKey ?? deps.accounts.primary().apiKey;
    if (!deps.accounts.get(apiKey)) throw unknownApiKey(apiKey, deps.accounts.all().map((a) => a.apiKey));
    const versions = PAYLOAD_VERSIONS.filter((v) => (request.versions ?? PAYLOAD_VERSIONS).includes(v));
    const types = EVENT_TYPES.filter((t) => (request.types ?? EVENT_TYPES).includes(t));
    if (!versions.some((v) => types.some((t) => eventTypesFor(v).includes(t)))) {
      throw new EmulatorError('INVALID_BODY', `No checked type exists in payload version ${versions.join(', ')} (contract_signed is v2 only); add v2 to versions.`);
    }
    const timeoutMs = request.timeoutMs ?? 5000;
    return { id: `chk_${++counter}`, forwardTo: request.forwardTo, types, versions, seed: request.seed ?? 1, timeoutMs, burst: request.burst ?? 50, apiKey, slowBodyMs: Math.round(Math.min(2000, timeoutMs * 0.4)) };
  };

  const forgetOld = (): void => {
    for (const [id, c] of checks) {
      if (checks.size <= KEPT) break;
      if (!c.report.running) checks.delete(id);
    }
  };

  const stopAll = async (): Promise<void> => {
    const running = [...checks.values()];
    for (const c of running) c.abort.abort();
    await Promise.allSettled(running.map((c) => c.done));
  };

  return {
    name: 'checks',
    run(request) {
      const p = plan(request);
      const report = new ReportBuilder(p, new Date(deps.wallClock.now()).toISOString());
      const abort = new AbortController();
      const entry: Running = { apiKey: p.apiKey, report, current: undefined, abort, done: Promise.resolve(report.view()) };
      const hooks = { current: (line: { callbacks: CheckCallback[] } | undefined) => void (entry.current = line) };
      // The runner and its cases load with the first check (a chunk of their own in the bundle), not at start-up (decision 0038).
      entry.done = import('./check-runner.js')
        .then(({ runCheck }) => runCheck(deps, p, createRandom(p.seed), report, hooks, abort.signal))
        .catch((err: unknown) => deps.logger.error({ err, check: p.id }, 'receiver check stopped by an error'))
        .then(() => {
          report.finish(new Date(deps.wallClock.now()).toISOString());
          const view = report.view();
          deps.logger.info({ check: p.id, state: view.state, ...view.summary }, 'receiver check finished');
          return view;
        });
      checks.set(p.id, entry);
      forgetOld();
      return { id: p.id, done: entry.done };
    },
    get: (id) => checks.get(id)?.report.view(),
    junit(id) {
      const c = checks.get(id);
      return c ? toJunit(c.report.view()) : undefined;
    },
    heard(call) {
      for (const c of checks.values()) {
        if (c.report.running && c.apiKey === call.apiKey && c.current) c.current.callbacks.push({ action: call.action, method: call.method, status: call.status });
      }
    },
    reset: async () => {
      await stopAll();
      checks.clear();
      counter = 0;
    },
    drain: () => stopAll(),
    close: () => stopAll(),
  };
}
