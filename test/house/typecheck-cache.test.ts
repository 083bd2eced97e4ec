import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run typecheck` keeps tsc's incremental state in .cache/tsc/ (decision 0039): a second run
 * on the same checkout re-checks only what changed and what depends on it. A clean clone (CI) has
 * no .cache/ and checks everything, as before. The cache must never hide an error: here the
 * script's own first command runs twice on a throwaway project, the second time after a change in
 * one file breaks the file that imports it.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const commands = scripts.typecheck!.split('&&').map((c) => c.trim());
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs a typecheck command (`tsc ...`) in `dir` with this checkout's TypeScript. */
function tsc(command: string, dir: string): { status: number | null; out: string } {
  const args = command.split(/\s+/).slice(1);
  const r = spawnSync(process.execPath, [TSC, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run typecheck keeps an incremental cache', { timeout: 60_000 }, () => {
  it('each tsc keeps its own state under .cache/tsc/, which git ignores and the package does not ship', () => {
    expect(commands.map((c) => c.split(/\s+/)[0])).toEqual(['tsc', 'tsc']);
    const files = commands.map((c) => /--incremental --tsBuildInfoFile (\.cache\/tsc\/[\w.-]+\.tsbuildinfo)$/.exec(c)?.[1]);
    expect(files.every((f) => f !== undefined)).toBe(true);
    expect(new Set(files).size).toBe(files.length);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.cache/');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files.some((f) => f.startsWith('.cache'))).toBe(false);
  });

  it('still fails on the next run when a change breaks a file that did not change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-tscache-'));
    dirs.push(dir);
    // No default library (its files would be most of the two runs' CPU): the few global types tsc needs, declared here.
    const options = { strict: true, noEmit: true, noLib: true, target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', types: [] };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, include: ['*.ts'] }));
    const globals = ['Array<T>', 'Boolean', 'CallableFunction', 'Function', 'IArguments', 'NewableFunction', 'Number', 'Object', 'RegExp', 'String'];
    writeFileSync(join(dir, 'lib.d.ts'), globals.map((g) => `interface ${g} {}\n`).join(''));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'a.ts'), 'export const n: number = 1;\n');
    writeFileSync(join(dir, 'b.ts'), "import { n } from './a.js';\nexport const doubled: number = n * 2;\n");
    const command = commands[0]!;

    const clean = tsc(command, dir);
    expect(clean.status, clean.out).toBe(0);
    expect(existsSync(join(dir, /--tsBuildInfoFile (\S+)/.exec(command)![1]!))).toBe(true);

    writeFileSync(join(dir, 'a.ts'), "export const n: string = 'one';\n");
    const broken = tsc(command, dir);
    expect(broken.status).not.toBe(0);
    expect(broken.out).toMatch(/b\.ts\(2,\d+\): error TS2362/);
  });
});
