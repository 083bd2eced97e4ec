import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files the summary lists. */
const SLOWEST = 10;

/**
 * Prints, after vitest's own summary, the ten slowest test files (the time their tests and hooks
 * took, and the time importing the file took), the ten that used most CPU (test/support/file-cpu.ts:
 * the worker's own and the processes the file started; the sum over all files too), the run's wall time, and one plain closing line,
 * `tests: N passed, N failed, N skipped`, for tools that read a run's result from its last line.
 * With several workers, files that run side by side slow each other: compare runs made alike.
 */
export default class SummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\n${slowestFiles(testModules)}`);
    process.stdout.write(mostCpuFiles(testModules));
    process.stdout.write(`${testModules.length} files in ${((Date.now() - this.started) / 1000).toFixed(1)} s of wall time\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

/** The slowest files, one a line: tests and hooks, import, test count, path from the working directory. */
export function slowestFiles(testModules: ReadonlyArray<TestModule>, n = SLOWEST): string {
  const rows = testModules
    .map((mod) => {
      const d = mod.diagnostic();
      return { file: relative(process.cwd(), mod.moduleId), ms: d.duration, importMs: d.collectDuration, tests: [...mod.children.allTests()].length };
    })
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);
  if (rows.length === 0) return '';
  const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  const lines = rows.map((r) => `${s(r.ms)} ${s(r.importMs)} ${String(r.tests).padStart(5)}  ${r.file}`);
  return `the ${rows.length} slowest files (tests and hooks, import, tests):\n${lines.join('\n')}\n`;
}

/** The files that used most CPU, one a line (own + children, own, children, path), and the sum over every file. */
export function mostCpuFiles(testModules: ReadonlyArray<TestModule>, n = SLOWEST): string {
  const rows = testModules.flatMap((mod) => {
    const cpu = mod.meta().cpu;
    return cpu === undefined ? [] : [{ file: relative(process.cwd(), mod.moduleId), ...cpu, all: cpu.ownMs + cpu.childrenMs }];
  });
  if (rows.length === 0) return '';
  const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  const top = [...rows].sort((a, b) => b.all - a.all).slice(0, n);
  const lines = top.map((r) => `${s(r.all)} ${s(r.ownMs)} ${s(r.childrenMs)}  ${r.file}`);
  const sum = (key: 'all' | 'ownMs' | 'childrenMs') => rows.reduce((t, r) => t + r[key], 0);
  return `the ${top.length} files that used most CPU (all, the worker's own, the processes the file started):\n${lines.join('\n')}\n${s(sum('all'))} ${s(sum('ownMs'))} ${s(sum('childrenMs'))}  all ${rows.length} files\n`;
}
