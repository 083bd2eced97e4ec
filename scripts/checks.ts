/**
 * The checks `npm test` runs before vitest, all at once (`npm run checks`): the two type-checks
 * (`npm run typecheck`: the code, tests, bench, scripts and examples; the dashboard's JavaScript),
 * `npm run check:cycles` and `npm run check:limits`. Run one after the other they cost ~45 s of CPU
 * on this 2-core machine, tsc alone ~26 s of it; side by side the wall time is about tsc's
 * (docs/development.md has the figures). Each check's output is printed whole when it ends, with
 * its name and time; the exit code is 1 when any check failed, naming them.
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

function run(command: string): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) => {
    // npm run puts node_modules/.bin on PATH for this script, so the children find tsc and tsx.
    const child = spawn(command, { cwd: ROOT, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      const result = { command, code, output, ms: Date.now() - started };
      process.stdout.write(`\n== ${command} (${(result.ms / 1000).toFixed(1)} s): ${code === 0 ? 'ok' : `FAILED (exit ${code})`}\n${output}`);
      resolve(result);
    });
  });
}

const commands = CHECKS.flatMap((name) => {
  const script = scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  return script.split('&&').map((c) => c.trim());
});
const results = await Promise.all(commands.map(run));
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  process.stdout.write(`\nchecks failed: ${failed.map((r) => r.command).join('; ')}\n`);
  process.exit(1);
}
process.stdout.write(`\nchecks passed: ${commands.length} commands\n`);
