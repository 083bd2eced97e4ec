import { parseArgs } from 'node:util';
import { configSchema } from '../config/config-schema.js';
import type { ConfigSources } from '../config/load-config.js';
import { START_OPTIONS } from '../config/options.js';
import { VERSION } from '../core/version.js';
import { unknownFlag } from './unknown-flag.js';

export interface ServeArgs {
  help: boolean;
  version: boolean;
  sources: ConfigSources;
}

/**
 * Parses `solarproof-mock [flags]`. Unknown flags and stray arguments are collected as problems
 * (not thrown one at a time), so start-up can list every problem at once.
 */
export function parseServeArgs(argv: readonly string[], env: Record<string, string | undefined>): ServeArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const o of START_OPTIONS) {
    options[o.flag] = { type: o.kind === 'boolean' ? 'boolean' : 'string', multiple: o.kind === 'list' };
  }
  const { values, tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const problems: string[] = [];
  // The word after an unknown flag is most likely its value, not a stray argument.
  const valueOfUnknown = new Set<number>();
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && !(t.name in options)) {
      problems.push(unknownFlag(t.rawName, Object.keys(options)));
      if (t.value === undefined) valueOfUnknown.add(t.index + 1);
    }
    if (t.kind === 'option' && t.name in options && options[t.name]!.type === 'string' && t.value === undefined) {
      problems.push(`${t.rawName}: needs a value (see --help)`);
    }
  }
  for (const t of tokens ?? []) {
    if (t.kind === 'positional' && !valueOfUnknown.has(t.index)) problems.push(`${t.value}: unexpected argument (see --help)`);
  }
  const flags: NonNullable<ConfigSources['flags']> = {};
  for (const o of START_OPTIONS) {
    const v = values[o.flag];
    if (v !== undefined && (typeof v !== 'string' || v !== '') && !(Array.isArray(v) && v.some((x) => x === undefined))) {
      flags[o.flag] = v as string | boolean | string[];
    }
  }
  return {
    help: values.help === true,
    version: values.version === true,
    sources: { flags, env, problems },
  };
}

/** `--help`: every flag with its env var and default (defaults read from the config schema). */
export function helpText(): string {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const rows = START_OPTIONS.map((o) => {
    const left = `--${o.flag}${o.arg ? ` <${o.arg}>` : ''}`;
    const def = o.path ? describeDefault(o.path, defaults) : undefined;
    return { left, right: `${o.description}${o.env ? ` [env ${o.env}]` : ''}${def !== undefined ? ` (default: ${def})` : ''}` };
  });
  rows.push({ left: '--help', right: 'Show this help' }, { left: '--version', right: 'Show the version' });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return [
    `solarproof-mock ${VERSION}: a local emulator of Solar Proof's webhook system`,
    '',
    'Usage:',
    '  solarproof-mock [flags]                   serve the emulator',
    '  solarproof-mock trigger <type> [flags]    trigger events on a running emulator (see trigger --help)',
    '  solarproof-mock scenario <name> [flags]   run a scenario on a running emulator (see scenario --help)',
    '  solarproof-mock listen [flags]            print every delivery attempt as it happens; --forward-to URL (alias: tail)',
    '  solarproof-mock redeliver <id> [flags]    send a delivery again (see redeliver --help)',
    '  solarproof-mock subscriptions [flags]     list the subscriptions (see subscriptions --help)',
    '  solarproof-mock record [flags]            record real webhooks through a relay (see record --help)',
    '  solarproof-mock replay <file> [flags]     send recorded webhooks again (see replay --help)',
    '  solarproof-mock templates --from <file>   templates from recorded webhooks (see templates --help)',
    '',
    'Flags (precedence: defaults < config file < env < flags):',
    ...rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`),
    '',
    'Control API: GET http://HOST:PORT/_emulator lists every route. Docs: README.md.',
  ].join('\n');
}

function describeDefault(path: string, defaults: Record<string, unknown>): string | undefined {
  if (path === 'accounts') return 'sp_test_key';
  if (path === 'schedules' || path === 'subscriptions') return 'none';
  if (path === 'seed') return undefined;
  const value = path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown> | undefined)?.[k], defaults);
  if (Array.isArray(value)) return value.length ? value.join(',') : 'none';
  return value === undefined ? undefined : String(value);
}
