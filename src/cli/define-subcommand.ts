import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EmulatorApiError } from '../client/emulator-api-error.js';
import { unknownFlag } from './unknown-flag.js';

export const DEFAULT_URL = 'http://127.0.0.1:4477';

export interface Output {
  write(text: string): unknown;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Every subcommand talks to a running emulator at --url and has --help. */
const COMMON = {
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof COMMON; allowPositionals: true }>>['values'];

export interface Subcommand<O extends Options> {
  /** `trigger`, `scenario`: the word after `solarproof-mock`. */
  name: string;
  /** The whole --help text; also printed after a usage error. */
  help: string;
  /** Its own flags (--url and --help are added). */
  options: O;
  /** The command itself, given parsed arguments; answers the exit code. */
  run(args: SubcommandArgs<O>): Promise<number>;
}

/** A subcommand as main.ts and tests call it: argv after the command word, env, stdout, stderr. */
export type SubcommandRunner = (argv: string[], env?: Record<string, string | undefined>, out?: Output, err?: Output) => Promise<number>;

export interface SubcommandArgs<O extends Options> {
  values: Values<O>;
  positionals: string[];
  out: Output;
  err: Output;
  /** The emulator's base URL: --url, else $SPMOCK_URL, else DEFAULT_URL; no trailing slash. */
  url: string;
  /** The admin token for the control API: --admin-token, else $SPMOCK_ADMIN_TOKEN. */
  token: string | undefined;
  /** Writes `solarproof-mock <name>: <problem>` and the help to stderr; answers exit code 2. */
  usage(problem: string): number;
  /** Reports a failed call on stderr (the emulator's refusal, or no emulator at `url`); answers exit code 1. */
  fail(error: unknown): number;
}

/**
 * Makes a subcommand from its flags, help and body. The arguments are parsed first: `--help`
 * prints the help (exit 0), and an unknown flag or a flag without its value is a usage error
 * (the problem and the help on stderr, exit 2); only then does `run` start.
 *
 * @example
 *   export const runTrigger = defineSubcommand({
 *     name: 'trigger', help: TRIGGER_HELP, options: { count: { type: 'string' } },
 *     async run({ values, positionals, usage, out }) { ... },
 *   });
 */
export function defineSubcommand<const O extends Options>(command: Subcommand<O>): SubcommandRunner {
  return async (argv, env = process.env, out = process.stdout, err = process.stderr) => {
    const args = parseSubcommandArgs(command, argv, env, out, err);
    return 'exitCode' in args ? args.exitCode : command.run(args);
  };
}

function parseSubcommandArgs<O extends Options>(
  command: Subcommand<O>,
  argv: string[],
  env: Record<string, string | undefined>,
  out: Output,
  err: Output,
): SubcommandArgs<O> | { exitCode: number } {
  const usage = (problem: string): number => {
    err.write(`solarproof-mock ${command.name}: ${problem}\n\n${command.help}\n`);
    return 2;
  };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...command.options, ...COMMON } });
  } catch (e) {
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message);
    return { exitCode: usage(unknown ? unknownFlag(unknown[1]!, Object.keys({ ...command.options, ...COMMON })) : (e as Error).message) };
  }
  const values = parsed.values as Values<O> & { url?: string; help?: boolean };
  if (values.help) {
    out.write(`${command.help}\n`);
    return { exitCode: 0 };
  }
  const url = (values.url ?? env.SPMOCK_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  const token = (values as { 'admin-token'?: string })['admin-token'] ?? (env.SPMOCK_ADMIN_TOKEN || undefined);
  const fail = (error: unknown): number => {
    if (isProblem(error)) {
      err.write(`solarproof-mock ${command.name}: ${error.code}: ${error.detail}\n`);
      return 1;
    }
    // No answer, or an answer that is not the emulator's (another server at that URL).
    const why = error instanceof EmulatorApiError ? `it answered ${error.status} without a problem document` : (error as Error).message;
    err.write(`solarproof-mock ${command.name}: cannot reach the emulator at ${url} (${why}); is it running? Start it with \`solarproof-mock\` or pass --url.\n`);
    return 1;
  };
  return { values, positionals: parsed.positionals, out, err, url, token, usage, fail };
}

/** The control API refused a call with a problem document (`code`, `detail` saying what to do). */
function isProblem(error: unknown): error is EmulatorApiError {
  return error instanceof EmulatorApiError && typeof error.body === 'object' && error.body !== null && 'detail' in error.body;
}
