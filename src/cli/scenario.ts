import { parseArgs } from 'node:util';
import type { ScenarioRunView } from '../scenarios/scenario-run.js';

const DEFAULT_URL = 'http://127.0.0.1:4477';

export const SCENARIO_HELP = `Usage:
  solarproof-mock scenario <name> [--url URL] [--api-key KEY] [--no-wait] [--json]
  solarproof-mock scenario --list [--url URL]

Runs a scenario on a running emulator (POST /_emulator/scenarios/<name>) and prints its events.

  --url URL       the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --api-key KEY   the account the events happen in (default: the emulator's first key)
  --no-wait       return once the run has started (the rest runs in the emulator)
  --json          print the whole run as JSON
  --list          list the scenarios the emulator knows

Exit codes: 0 completed (or started, with --no-wait), 1 the run failed or the emulator refused it,
2 usage error.`;

interface Output {
  write(text: string): unknown;
}

/**
 * `solarproof-mock scenario <name>`: runs a scenario against a running emulator.
 *
 * @example await runScenario(['residential-journey', '--url', 'http://127.0.0.1:4477']) // 0
 */
export async function runScenario(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  let values: { url?: string; 'api-key'?: string; 'no-wait'?: boolean; json?: boolean; list?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        'no-wait': { type: 'boolean' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    err.write(`solarproof-mock scenario: ${(e as Error).message}\n\n${SCENARIO_HELP}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${SCENARIO_HELP}\n`);
    return 0;
  }
  const name = positionals[0];
  if ((name === undefined) === !values.list || positionals.length > 1) {
    err.write(`solarproof-mock scenario: give one scenario name, or --list\n\n${SCENARIO_HELP}\n`);
    return 2;
  }
  const base = (values.url ?? env.SPMOCK_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  try {
    if (values.list) return await list(base, out, values.json === true);
    const body = { ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}), wait: values['no-wait'] !== true };
    const res = await fetch(`${base}/_emulator/scenarios/${encodeURIComponent(name!)}`, { method: 'POST', body: JSON.stringify(body) });
    const answer = (await res.json()) as ScenarioRunView & { detail?: string; code?: string; run?: ScenarioRunView };
    if (!res.ok) {
      err.write(`solarproof-mock scenario: ${answer.code ?? res.status}: ${answer.detail ?? 'the emulator refused the run'}\n`);
      if (answer.run) out.write(values.json ? `${JSON.stringify(answer.run, null, 2)}\n` : summary(answer.run));
      return 1;
    }
    out.write(values.json ? `${JSON.stringify(answer, null, 2)}\n` : summary(answer));
    return 0;
  } catch (e) {
    err.write(`solarproof-mock scenario: cannot reach the emulator at ${base} (${(e as Error).message}); is it running? Start it with \`solarproof-mock\` or pass --url.\n`);
    return 1;
  }
}

async function list(base: string, out: Output, json: boolean): Promise<number> {
  const res = await fetch(`${base}/_emulator/scenarios`);
  const { scenarios } = (await res.json()) as { scenarios: Array<{ name: string; description: string; steps: number; source: string }> };
  if (json) {
    out.write(`${JSON.stringify(scenarios, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...scenarios.map((s) => s.name.length)) + 2;
  for (const s of scenarios) out.write(`${s.name.padEnd(width)}${s.steps} steps  ${s.source === 'built-in' ? '' : `(${s.source}) `}${s.description}\n`);
  return 0;
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
