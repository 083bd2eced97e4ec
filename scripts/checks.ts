/**
 * The checks `npm test` runs, all at once (`npm run checks`): the two type-checks
 * (`npm run typecheck`: the code, tests, bench, scripts and examples; the dashboard's JavaScript),
 * `npm run check:cycles` and `npm run check:limits`. Run one after the other they cost ~30 s of CPU
 * on this 2-core machine, tsc alone ~18 s of it; side by side the wall time is about tsc's
 * (docs/development.md has the figures). Each check's output is printed whole when it ends, with
 * its name and time; the exit code is 1 when any check failed, naming them.
 *
 * `tsx scripts/checks.ts --beside CMD...` (what `npm test` runs, with `vitest run`) runs CMD at the
 * same time, its output straight to the terminal, and the checks at a lower priority (`nice -n
 * 10`): they take the CPU that CMD leaves idle while its tests wait on processes and timers, and
 * yield it when CMD wants it (decision 0031). The exit code is CMD's when every check passed, else
 * 1; a failed check is named again on the last line, after CMD's own summary.
 *
 * The commands are the package.json scripts' own (split at `&&`), so `npm run typecheck` and this
 * never disagree about what is checked.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const CHECKS = ['typecheck', 'check:cycles', 'check:limits'];

interface Result {
  command: string;
  code: number | null;
  output: string;
  ms: number;
}

function run(command: string, nice: boolean): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    // npm run puts node_modules/.bin on PATH for this script, so the children find tsc and tsx.
    const line = nice && process.platform !== 'win32' ? `nice -n 10 ${command}` : command;
    const child = spawn(line, { cwd: ROOT, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      const result = { command, code, output, ms: Date.now() - started };
      report(`\n== ${command} (${(result.ms / 1000).toFixed(1)} s): ${code === 0 ? 'ok' : `FAILED (exit ${code})`}\n${output}`);
      resolve(result);
    });
  });
}

/** Runs `argv` with the terminal as its own; resolves with its exit code (1 when a signal ended it). */
function runBeside(argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', (err) => {
      process.stderr.write(`cannot run ${argv.join(' ')}: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const commands = CHECKS.flatMap((name) => {
  const script = scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  return script.split('&&').map((c) => c.trim());
});
const at = process.argv.indexOf('--beside');
const beside = at < 0 ? [] : process.argv.slice(at + 1);
if (at >= 0 && beside.length === 0) {
  process.stderr.write('usage: tsx scripts/checks.ts [--beside CMD ARGS...]\n');
  process.exit(2);
}
// On a terminal CMD (vitest) redraws its last lines as it goes, which would overwrite what the
// checks print meanwhile: there their reports wait until CMD has ended. In a log (CI) they are
// printed as each check ends.
let held: string[] | undefined = beside.length > 0 && process.stdout.isTTY ? [] : undefined;
function report(text: string): void {
  if (held !== undefined) held.push(text);
  else process.stdout.write(text);
}
const [results, besideCode] = await Promise.all([
  Promise.all(commands.map((c) => run(c, beside.length > 0))),
  beside.length > 0
    ? runBeside(beside).then((code) => {
        if (held !== undefined) process.stdout.write(held.join(''));
        held = undefined;
        return code;
      })
    : Promise.resolve(0),
]);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  process.stdout.write(`\nchecks failed: ${failed.map((r) => r.command).join('; ')}\n`);
  process.exit(1);
}
if (beside.length === 0) process.stdout.write(`\nchecks passed: ${commands.length} commands\n`);
process.exit(besideCode);
