import { readFileSync } from 'node:fs';
import { accountsFromKeys } from '../core/account.js';
import { pickSeed } from '../core/random.js';
import { parseScheduleFlag } from './parse-schedule-flag.js';
import { configSchema, type Config } from './config-schema.js';
import { formatIssues } from '../core/format-issues.js';
import { mergePatch } from './merge-patch.js';
import { FORBIDDEN_KEYS, forbiddenKeyPath, MAX_JSON_DEPTH, nestsDeeperThan } from '../core/json-limits.js';
import { START_OPTIONS, type StartOption } from './options.js';

/** Where configuration comes from, lowest precedence first: defaults < file < env < flags < overrides. */
export interface ConfigSources {
  /** Config file path (`--config` wins over `SPMOCK_CONFIG`). */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Parsed flag values by flag name (`port`, `api-key`, ...), strings as typed. */
  flags?: Record<string, string | boolean | string[] | undefined>;
  /** In-process options (startEmulator); highest precedence. */
  overrides?: unknown;
  /** Extra problems found before loading (unknown flags); reported together with the rest. */
  problems?: string[];
}

export type LoadedConfig = Config & { seed: number };
export type LoadResult =
  | { ok: true; config: LoadedConfig; seedWasPicked: boolean }
  | { ok: false; problems: string[] };

interface Layer {
  label: string;
  value: Record<string, unknown>;
}

/**
 * Builds the configuration from every source and validates it with the one schema. Every problem
 * is listed by its path and the source that set it, e.g. `port: expected a number, got "abc"
 * (from SPMOCK_PORT)`.
 */
export function loadConfig(sources: ConfigSources = {}): LoadResult {
  const problems = [...(sources.problems ?? [])];
  const env = sources.env ?? {};
  const layers: Layer[] = [];

  const file = sources.file ?? (typeof sources.flags?.config === 'string' ? sources.flags.config : undefined) ?? env.SPMOCK_CONFIG;
  if (file) {
    const fromFile = readConfigFile(file);
    if ('problem' in fromFile) problems.push(fromFile.problem);
    else layers.push({ label: `config file ${file}`, value: fromFile.value });
  }
  for (const option of START_OPTIONS) {
    if (!option.env || !option.path) continue;
    const raw = env[option.env];
    if (raw === undefined || raw === '') continue;
    const converted = convert(option, raw, 'env');
    if ('problem' in converted) problems.push(`${converted.problem} (from ${option.env})`);
    else layers.push({ label: option.env, value: atPath(option.path, converted.value) });
  }
  for (const option of START_OPTIONS) {
    const raw = sources.flags?.[option.flag];
    if (raw === undefined || !option.path) continue;
    const converted = convert(option, raw, 'flag');
    if ('problem' in converted) problems.push(`${converted.problem} (from --${option.flag})`);
    else layers.push({ label: `--${option.flag}`, value: atPath(option.path, converted.value) });
  }
  if (sources.overrides !== undefined) layers.push({ label: 'options', value: sources.overrides as Record<string, unknown> });

  const merged = layers.reduce<unknown>((acc, layer) => mergePatch(acc, layer.value), {});
  // jitless: zod's compiled fast path pays off over many parses; this one runs once per start,
  // where compiling it cost more (~5-10 ms) than it saves.
  const parsed = configSchema.safeParse(merged, { jitless: true });
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues, merged);
    parsed.error.issues.forEach((issue, i) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
      const source = sourceOf(layers, path);
      problems.push(source ? `${lines[i]} (from ${source})` : (lines[i] ?? ''));
    });
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const seedWasPicked = parsed.data.seed === undefined;
  return { ok: true, config: { ...parsed.data, seed: parsed.data.seed ?? pickSeed() }, seedWasPicked };
}

function readConfigFile(file: string): { value: Record<string, unknown> } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `config file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { problem: `config file ${file}: expected a JSON object at the top level` };
    }
    if (nestsDeeperThan(value)) return { problem: `config file ${file}: nests deeper than ${MAX_JSON_DEPTH} levels` };
    const forbidden = forbiddenKeyPath(value);
    if (forbidden !== undefined) return { problem: `config file ${file}: ${forbidden}: the keys ${FORBIDDEN_KEYS.join(', ')} are refused` };
    // `$schema` points editors at schema/config.schema.json; it is not a setting.
    const { $schema: _schema, ...settings } = value as Record<string, unknown>;
    return { value: settings };
  } catch (err) {
    return { problem: `config file ${file}: not valid JSON (${(err as Error).message})` };
  }
}

/**
 * Flag and env values arrive as text. Numbers and booleans are converted when they look right;
 * otherwise the text goes through unchanged so the schema reports it by path.
 */
function convert(option: StartOption, raw: string | boolean | string[], from: 'env' | 'flag'): { value: unknown } | { problem: string } {
  if (option.kind === 'list') {
    // Flags repeat; env vars separate items (schedules contain commas, so they use `;`).
    const separator = option.path === 'schedules' ? ';' : ',';
    const items = (Array.isArray(raw) ? raw : from === 'env' ? String(raw).split(separator) : [String(raw)])
      .map((k) => k.trim())
      .filter(Boolean);
    switch (option.path) {
      case 'accounts':
        return { value: accountsFromKeys(items) };
      case 'subscriptions':
        return { value: items.map((hookUrl) => ({ hookUrl, types: '*' })) };
      case 'schedules':
        try {
          return { value: items.map(parseScheduleFlag) };
        } catch (err) {
          return { problem: `schedules: ${(err as Error).message}` };
        }
      default:
        return { value: items };
    }
  }
  const text = Array.isArray(raw) ? raw[raw.length - 1] ?? '' : raw;
  switch (option.kind) {
    case 'intList': {
      const items = String(text).trim();
      if (items === 'none' || items === '') return { value: [] };
      return { value: items.split(',').map((x) => (/^\d+$/.test(x.trim()) ? Number(x.trim()) : x.trim())) };
    }
    case 'int':
    case 'number':
      return { value: typeof text === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim()) ? Number(text) : text };
    case 'boolean':
      if (text === true || text === 'true' || text === '1') return { value: true };
      if (text === false || text === 'false' || text === '0') return { value: false };
      return { value: text };
    case 'string':
      return { value: text };
    default: {
      const never: never = option.kind;
      return never;
    }
  }
}

function atPath(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((acc, key) => ({ [key]: acc }), value) as Record<string, unknown>;
}

/** The highest-precedence layer that set `path` (or a parent or child of it). */
function sourceOf(layers: readonly Layer[], path: readonly string[]): string | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    let cur: unknown = layers[i]!.value;
    let found = true;
    for (const key of path) {
      if (typeof cur !== 'object' || cur === null || !(key in cur)) {
        found = false;
        break;
      }
      cur = (cur as Record<string, unknown>)[key];
    }
    if (found) return layers[i]!.label;
  }
  return undefined;
}
