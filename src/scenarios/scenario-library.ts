import { EmulatorError } from '../core/errors.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { formatIssues } from '../core/format-issues.js';
import { SCENARIO_NAME, scenarioFileSchema, type Scenario } from './scenario-schema.js';

/** The built-in scenarios ship in the package (`files` includes fixtures), two levels above src/scenarios/ (and dist/scenarios/, the URL the bundles give this module). */
export const BUILT_IN_SCENARIOS_DIR = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));

/** Every problem of every scenario file, one line each: `cold.json: steps[2].type: ...`. */
export class ScenarioFileError extends EmulatorError {
  constructor(readonly problems: string[]) {
    super('INVALID_FILE', `Scenario files have problems; fix these:\n  ${problems.join('\n  ')}`, { extra: { problems } });
    this.name = 'ScenarioFileError';
  }
}

export interface ScenarioLibrary {
  get(name: string): Scenario | undefined;
  /** Sorted by name. */
  all(): Scenario[];
}

/**
 * Reads the built-in scenarios and every `*.json` in `dirs` (a user's file replaces the built-in
 * of the same name). Throws a ScenarioFileError listing every problem at once, each naming the
 * file, the step index and the field.
 *
 * @example loadScenarioLibrary(['./scenarios']).get('residential-journey')
 */
export function loadScenarioLibrary(dirs: readonly string[], builtInDir = BUILT_IN_SCENARIOS_DIR): ScenarioLibrary {
  const problems: string[] = [];
  const byName = new Map<string, Scenario>();
  for (const s of readDir(builtInDir, 'built-in', problems)) byName.set(s.name, s);
  const userNames = new Map<string, string>();
  for (const dir of dirs) {
    const full = resolve(dir);
    if (!existsSync(full) || !statSync(full).isDirectory()) {
      problems.push(`scenarios.dirs: "${dir}" is not a folder (resolved to ${full})`);
      continue;
    }
    for (const s of readDir(full, undefined, problems)) {
      const earlier = userNames.get(s.name);
      if (earlier !== undefined) {
        problems.push(`${s.source}: scenario "${s.name}" is also defined in ${earlier}; names must be unique`);
        continue;
      }
      userNames.set(s.name, s.source);
      byName.set(s.name, s);
    }
  }
  if (problems.length > 0) throw new ScenarioFileError(problems);
  // Sorted on first use: the first localeCompare loads ICU's collation data (5-15 ms), which
  // start-up does not need.
  let sorted: Scenario[] | undefined;
  return { get: (name) => byName.get(name), all: () => (sorted ??= [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) };
}

function readDir(dir: string, source: string | undefined, problems: string[]): Scenario[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: Scenario[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const scenario = parseScenarioFile(basename(file, '.json'), readFileSync(path, 'utf8'), source ?? path, problems);
    if (scenario) out.push(scenario);
  }
  return out;
}

/**
 * Parses one scenario file's text; on problems, pushes one line per problem (prefixed with
 * `source`) and returns undefined.
 */
export function parseScenarioFile(name: string, text: string, source: string, problems: string[]): Scenario | undefined {
  const label = source === 'built-in' ? `fixtures/scenarios/${name}.json` : source;
  if (!SCENARIO_NAME.test(name)) {
    problems.push(`${label}: the file name "${name}" is the scenario's name and must be lowercase letters, digits, "-" or "_"`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    problems.push(`${label}: not valid JSON (${(err as Error).message})`);
    return undefined;
  }
  const parsed = scenarioFileSchema.safeParse(json, { jitless: true }); // a few files once: compiling zod's fast path costs more
  if (!parsed.success) {
    problems.push(...scenarioIssues(parsed.error.issues, json).map((p) => `${label}: ${p}`));
    return undefined;
  }
  return { name, source, ...parsed.data };
}

/** formatIssues, with step paths written as JSON indexes: `steps[2].delayMs: ...`. */
function scenarioIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return formatIssues(issues, input).map((line) => line.replace(/^steps\.(\d+)(\.|:)/, (_m, i: string, sep: string) => `steps[${i}]${sep}`));
}
