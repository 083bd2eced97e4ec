import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest files the summary lists. */
const SLOWEST = 10;

/**
 * Prints, after vitest's own summary, the ten slowest test files (the time their tests and hooks
 * took, and the time importing the file took), the run's wall time, and one plain closing line,
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
