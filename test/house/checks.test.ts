import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop, transform } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/checks.ts (`npm run checks`, the first half of `npm test`) runs the checks side by side;
 * it must still fail when any one of them fails. Run here on a throwaway package whose scripts
 * stand in for tsc, check:cycles and check:limits. The script runs as tsx would run it, compiled
 * by the same esbuild, but once for the file rather than once per run: a process under tsx costs
 * ~1 s of CPU to start, plain node ~0.1 s (decision 0036).
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const CHECKS_JS = (await transform(readFileSync(join(ROOT, 'scripts', 'checks.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' })).code;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  // esbuild keeps its service process for later calls: ended here, so that it does not outlive the
  // run by a moment (another esbuild call starts a new one).
  await stop();
});

function runChecks(scripts: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-checks-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'scripts', 'checks.mjs'), CHECKS_JS);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', scripts }));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/checks.mjs', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run checks (scripts/checks.ts)', { timeout: 60_000 }, () => {
  it('runs the same checks npm test ran one after the other: typecheck, check:cycles, check:limits, beside vitest', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toBe('node --import tsx scripts/checks.ts --beside vitest run');
    expect(scripts.checks).toBe('node --import tsx scripts/checks.ts');
    expect(scripts.typecheck).toBe('tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile .cache/tsc/project.tsbuildinfo && tsc -p tsconfig.ui.json --incremental --tsBuildInfoFile .cache/tsc/ui.tsbuildinfo');
    expect(readFileSync(join(ROOT, 'scripts', 'checks.ts'), 'utf8')).toContain("const CHECKS = ['typecheck', 'check:cycles', 'check:limits'];");
  });

  it('exits 1 naming every failed command, and prints each command\'s output whole', async () => {
    const { code, out } = await runChecks({ typecheck: 'echo first-ok && exit 2', 'check:cycles': 'echo cycles-said-this', 'check:limits': 'echo limits-broke; exit 3' });
    expect(code).toBe(1);
    expect(out).toContain('checks failed: exit 2; echo limits-broke; exit 3');
    expect(out).toMatch(/== echo cycles-said-this \([\d.]+ s\): ok\ncycles-said-this\n/);
    expect(out).toMatch(/== echo limits-broke; exit 3 \([\d.]+ s\): FAILED \(exit 3\)\nlimits-broke\n/);
  });

  it('exits 0 when every command passes', async () => {
    const { code, out } = await runChecks({ typecheck: 'true && true', 'check:cycles': 'true', 'check:limits': 'true' });
    expect(code, out).toBe(0);
    expect(out).toContain('checks passed: 4 commands');
  });

  it('--beside CMD: runs CMD meanwhile, the checks niced, and exits with CMD\'s code when every check passes', async () => {
    const checks = { typecheck: 'nice', 'check:cycles': 'true', 'check:limits': 'true' };
    const failing = await runChecks(checks, ['--beside', 'node', '-e', 'console.log("beside ran"); process.exit(3)']);
    expect(failing.code, failing.out).toBe(3);
    expect(failing.out).toContain('beside ran');
    expect(failing.out).toMatch(/== nice \([\d.]+ s\): ok\n1\d\n/); // `nice` prints its own niceness: 10 more than ours
    const passing = await runChecks(checks, ['--beside', 'node', '-e', 'console.log("tests: 1 passed")']);
    expect(passing.code, passing.out).toBe(0);
  });

  it('--beside CMD: exits 1 when a check fails though CMD passed, naming the check on the last line', async () => {
    const { code, out } = await runChecks({ typecheck: 'true', 'check:cycles': 'echo cycles-broke; exit 4', 'check:limits': 'true' }, ['--beside', 'node', '-e', 'setTimeout(() => console.log("tests: 1 passed"), 300)']);
    expect(code, out).toBe(1);
    expect(out).toContain('tests: 1 passed');
    expect(out.trimEnd().split('\n').at(-1)).toBe('checks failed: echo cycles-broke; exit 4');
  });
});
