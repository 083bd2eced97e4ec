import type { z } from 'zod';
import { routes } from '../../contract/routes.js';
import { runScenarioBodySchema, WAIT_VALUES } from '../../contract/request-schemas.js';
import { EmulatorError } from '../../core/errors.js';
import type { ScenarioLibrary } from '../../scenarios/scenario-library.js';
import type { ScenarioRun, ScenarioRunView } from '../../scenarios/scenario-run.js';
import { bind, type ControlRoute } from './route.js';

export interface ScenarioRouteDeps {
  scenarios: {
    library: Pick<ScenarioLibrary, 'all' | 'get'>;
    /** Throws a ScenarioError (unknown scenario or key, not runnable, bad overrides). */
    start(name: string, options: { apiKey?: string }): ScenarioRun;
    list(): ScenarioRunView[];
    get(id: string): ScenarioRunView | undefined;
  };
}

type RunScenarioBody = z.infer<typeof runScenarioBodySchema>;

function parseRunBody(raw: unknown): RunScenarioBody {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EmulatorError('INVALID_BODY', 'Send a JSON object such as {"apiKey":"sp_test_key","wait":false}, or no body.');
  }
  const parsed = runScenarioBodySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  // A misspelt "wiat": false would otherwise be ignored and the call would wait for the whole run.
  const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
  if (unknown.length > 0) {
    throw new EmulatorError('INVALID_BODY', `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}. The body takes apiKey and wait.`);
  }
  if (issues[0]!.path[0] === 'apiKey') throw new EmulatorError('UNKNOWN_API_KEY', '"apiKey" must be a string naming a configured key.');
  throw badWait((raw as Record<string, unknown>).wait);
}

const badWait = (value: unknown): EmulatorError => new EmulatorError('INVALID_BODY', `"wait" must be true or false, got ${JSON.stringify(value)}.`);

/** Scenarios: named flows of events about one customer and project. */
export function scenarioRoutes(deps: ScenarioRouteDeps): ControlRoute[] {
  const unknownScenario = (name: string): EmulatorError =>
    new EmulatorError('UNKNOWN_SCENARIO', `Unknown scenario "${name}". Known scenarios: ${deps.scenarios.library.all().map((s) => s.name).join(', ')}.`);
  return [
    bind(routes.listScenarios, ({ res }) => {
      const scenarios = deps.scenarios.library.all().map((s) => ({
        name: s.name,
        description: s.description,
        source: s.source,
        ...(s.customerType !== undefined ? { customerType: s.customerType } : {}),
        steps: s.steps.length,
        types: [...new Set(s.steps.map((step) => step.type))],
      }));
      res.json({ scenarios });
    }),
    bind(routes.getScenario, ({ res, params }) => {
      const scenario = deps.scenarios.library.get(String(params.name));
      if (!scenario) throw unknownScenario(String(params.name));
      res.json(scenario);
    }),
    bind(
      routes.runScenario,
      async ({ req, res, body, params }) => {
        const waitParam = body.wait ?? req.query.wait;
        if (waitParam !== undefined && !(WAIT_VALUES as readonly unknown[]).includes(waitParam)) throw badWait(waitParam);
        const wait = waitParam === undefined || waitParam === true || waitParam === 'true';
        const run = deps.scenarios.start(String(params.name), body.apiKey !== undefined ? { apiKey: body.apiKey } : {});
        res.location(`/_emulator/scenario-runs/${run.id}`);
        if (!wait) {
          res.status(202).json(run.view());
          return;
        }
        await run.done;
        const view = run.view();
        if (view.state === 'completed') {
          res.json(view);
          return;
        }
        if (view.state === 'failed' && view.error) {
          // The step's own code (e.g. INVALID_SUBJECT), as a conflict: the run had started.
          throw new EmulatorError(view.error.code, `Scenario "${view.scenario}" stopped at steps[${view.error.step}] (${view.steps[view.error.step]!.type}): ${view.error.detail}`, {
            status: 409,
            extra: { run: view },
          });
        }
        throw new EmulatorError('SCENARIO_CANCELLED', `Scenario "${view.scenario}" was cancelled (reset or shutdown) before its last step.`, { extra: { run: view } });
      },
      { parseBody: parseRunBody },
    ),
    bind(routes.listScenarioRuns, ({ res }) => {
      res.json({ runs: deps.scenarios.list() });
    }),
    bind(routes.getScenarioRun, ({ res, params }) => {
      const view = deps.scenarios.get(String(params.id));
      if (!view) throw new EmulatorError('UNKNOWN_SCENARIO_RUN', `No scenario run "${String(params.id)}". GET /_emulator/scenario-runs lists the last 100.`);
      res.json(view);
    }),
  ];
}
