import type { Emulator } from '../../emulator.js';
import { ScenarioError } from '../../scenarios/scenario-runner.js';
import { sendProblem } from '../problem.js';
import type { ControlRoute } from './route.js';

/** Scenarios: named flows of events about one customer and project. */
export function scenarioRoutes(emu: Emulator): ControlRoute[] {
  return [
    {
      method: 'get',
      path: '/scenarios',
      summary: 'Every scenario (built-in and user files): name, description, steps',
      handler: (_req, res) => {
        const scenarios = emu.scenarios.library.all().map((s) => ({
          name: s.name,
          description: s.description,
          source: s.source,
          ...(s.customerType !== undefined ? { customerType: s.customerType } : {}),
          steps: s.steps.length,
          types: [...new Set(s.steps.map((step) => step.type))],
        }));
        res.json({ scenarios });
      },
    },
    {
      method: 'get',
      path: '/scenarios/:name',
      summary: 'One scenario with all its steps',
      handler: (req, res) => {
        const scenario = emu.scenarios.library.get(String(req.params.name));
        if (!scenario) return sendProblem(res, 404, 'UNKNOWN_SCENARIO', unknownScenario(emu, String(req.params.name)));
        res.json(scenario);
      },
    },
    {
      method: 'post',
      path: '/scenarios/:name',
      summary: 'Run a scenario: {"apiKey"?, "wait"?: true}; waits for the end unless wait is false (then 202)',
      handler: async (req, res) => {
        const raw: unknown = req.body;
        if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
          return sendProblem(res, 400, 'INVALID_BODY', 'Send a JSON object such as {"apiKey":"sp_test_key","wait":false}, or no body.');
        }
        const body = (raw ?? {}) as Record<string, unknown>;
        // A misspelt "wiat": false would otherwise be ignored and the call would wait for the whole run.
        const unknown = Object.keys(body).filter((k) => k !== 'apiKey' && k !== 'wait');
        if (unknown.length > 0) {
          return sendProblem(res, 400, 'INVALID_BODY', `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}. The body takes apiKey and wait.`);
        }
        if (body.apiKey !== undefined && typeof body.apiKey !== 'string') {
          return sendProblem(res, 400, 'UNKNOWN_API_KEY', '"apiKey" must be a string naming a configured key.');
        }
        const waitParam = body.wait ?? req.query.wait;
        if (waitParam !== undefined && ![true, false, 'true', 'false'].includes(waitParam as never)) {
          return sendProblem(res, 400, 'INVALID_BODY', `"wait" must be true or false, got ${JSON.stringify(waitParam)}.`);
        }
        const wait = waitParam === undefined || waitParam === true || waitParam === 'true';
        let run;
        try {
          run = emu.scenarios.start(String(req.params.name), body.apiKey !== undefined ? { apiKey: body.apiKey } : {});
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          return sendProblem(res, err.status, err.code, err.message);
        }
        res.location(`/_emulator/scenario-runs/${run.id}`);
        if (!wait) return res.status(202).json(run.view());
        await run.done;
        const view = run.view();
        if (view.state === 'completed') return res.json(view);
        if (view.state === 'failed' && view.error) {
          return sendProblem(res, 409, view.error.code, `Scenario "${view.scenario}" stopped at steps[${view.error.step}] (${view.steps[view.error.step]!.type}): ${view.error.detail}`, { run: view });
        }
        sendProblem(res, 409, 'SCENARIO_CANCELLED', `Scenario "${view.scenario}" was cancelled (reset or shutdown) before its last step.`, { run: view });
      },
    },
    {
      method: 'get',
      path: '/scenario-runs',
      summary: 'Recent scenario runs (the last 100) with their state, events and deliveries',
      handler: (_req, res) => {
        res.json({ runs: emu.scenarios.list() });
      },
    },
    {
      method: 'get',
      path: '/scenario-runs/:id',
      summary: 'One scenario run',
      handler: (req, res) => {
        const view = emu.scenarios.get(String(req.params.id));
        if (!view) return sendProblem(res, 404, 'UNKNOWN_SCENARIO_RUN', `No scenario run "${String(req.params.id)}". GET /_emulator/scenario-runs lists the last 100.`);
        res.json(view);
      },
    },
  ];
}

function unknownScenario(emu: Emulator, name: string): string {
  return `Unknown scenario "${name}". Known scenarios: ${emu.scenarios.library.all().map((s) => s.name).join(', ')}.`;
}
