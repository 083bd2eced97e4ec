import { createClient, type ScenarioSummary } from '../client/create-client.js';
import { EmulatorApiError } from '../client/emulator-api-error.js';
import type { ScenarioRunView } from '../scenarios/scenario-run.js';
import { DEFAULT_URL, defineSubcommand } from './define-subcommand.js';

export const SCENARIO_HELP = `Usage:
  solarproof-mock scenario <name> [--url URL] [--api-key KEY] [--no-wait] [--json]
  solarproof-mock scenario --list [--url URL]

Runs a scenario on a running emulator (POST /_emulator/scenarios/<name>) and prints its events.

  --url URL       the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --admin-token T the control API's token, when it has one (default: $SPMOCK_ADMIN_TOKEN)
  --api-key KEY   the account the events happen in (default: the emulator's first key)
  --no-wait       return once the run has started (the rest runs in the emulator)
  --json          print the whole run as JSON
  --list          list the scenarios the emulator knows

Exit codes: 0 completed (or started, with --no-wait), 1 the run failed or the emulator refused it,
2 usage error.`;

/**
 * `solarproof-mock scenario <name>`: runs a scenario against a running emulator.
 *
 * @example await runScenario(['residential-journey', '--url', 'http://127.0.0.1:4477']) // 0
 */
export const runScenario = defineSubcommand({
  name: 'scenario',
  help: SCENARIO_HELP,
  options: {
    'api-key': { type: 'string' },
    'no-wait': { type: 'boolean' },
    json: { type: 'boolean' },
    list: { type: 'boolean' },
  },
  async run({ values, positionals, url, token, out, usage, fail }) {
    const name = positionals[0];
    if ((name === undefined) === !values.list || positionals.length > 1) return usage('give one scenario name, or --list');
    const sp = createClient(url, token === undefined ? {} : { token });
    const print = (run: ScenarioRunView): unknown => out.write(values.json ? `${JSON.stringify(run, null, 2)}\n` : summary(run));
    try {
      if (values.list) {
        const scenarios = await sp.scenarios.list();
        out.write(values.json ? `${JSON.stringify(scenarios, null, 2)}\n` : table(scenarios));
        return 0;
      }
      print(await sp.scenarios.run(name!, { ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}), wait: values['no-wait'] !== true }));
      return 0;
    } catch (e) {
      const code = fail(e);
      // A run that started and then failed comes back inside the problem: show how far it got.
      const run = e instanceof EmulatorApiError ? (e.body as { run?: ScenarioRunView } | undefined)?.run : undefined;
      if (run) print(run);
      return code;
    }
  },
});

function table(scenarios: readonly ScenarioSummary[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length)) + 2;
  return scenarios.map((s) => `${s.name.padEnd(width)}${s.steps} steps  ${s.source === 'built-in' ? '' : `(${s.source}) `}${s.description}\n`).join('');
}

function summary(run: ScenarioRunView): string {
  const lines = [
    `${run.scenario}: ${run.state} (${run.id}, ${run.payloadVersion}, account ${run.apiKey}), customer ${run.customerId ?? '-'}, projects ${run.projectIds.join(', ') || '-'}`,
  ];
  for (const step of run.steps) {
    const event = run.events.find((e) => e.step === step.index);
    lines.push(`  ${String(step.index).padStart(2)}  ${step.type.padEnd(24)} ${step.state.padEnd(8)} ${event?.id ?? ''}`);
  }
  lines.push(`${run.events.length} events, ${run.deliveries.length} deliveries${run.state === 'running' ? ' so far (GET /_emulator/scenario-runs/' + run.id + ' follows the run)' : ''}`);
  if (run.error) lines.push(`error at steps[${run.error.step}]: ${run.error.code}: ${run.error.detail}`);
  return `${lines.join('\n')}\n`;
}
