import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * vitest's `sequence.sequencer`: the longest files first, so a run ends with short files on both
 * workers rather than one slow file running alone while the other worker idles, and the files that
 * mostly wait (on Chromium, a check's slow body, a child) run while the niced type-check beside
 * vitest (scripts/checks.ts) can use the CPU they leave idle.
 *
 * A file's length is, first, what `test/support/file-durations.json` says: the wall time of every
 * file over 1 s in a measured whole run (milliseconds, from the summary reporter's timeline; update
 * it when a file's time changes a lot). It is committed, so a clean clone (CI, where vitest has no
 * cache) runs the files in the same order as a re-run, and two runs compare. A file it does not
 * name takes the duration vitest cached for it from the last run that ran it
 * (node_modules/.vite/vitest/.../results.json), else a guess: one that starts processes (the CLI,
 * Python, PHP, Chromium, a child node) 5 s, any other 0.1 s per kB of source.
 */
const STARTS_PROCESSES = /\b(spawn|spawnSync|execFile|execFileSync|fork|cli|cliArgs|launchBrowser)\(|support\/browser/;

const MEASURED = JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;

/** What a file is expected to take: the measured table, else vitest's cache, else a guess from the source. */
export function expectedMs(file: string, measured: Record<string, number>, cached: () => number | undefined, source: () => string): number {
  const known = measured[file];
  if (known !== undefined) return known;
  const last = cached();
  if (last !== undefined) return last;
  const text = source();
  return STARTS_PROCESSES.test(text) ? 5000 : text.length / 10;
}

/** The items longest first, ties by name (the same order on every machine). */
export function longestFirst<T>(items: T[], ms: (item: T) => number, name: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, ms: ms(item), name: name(item) }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name))
    .map((w) => w.item);
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    return longestFirst(
      files,
      (spec) => {
        const file = relative(root, spec.moduleId);
        return expectedMs(file, MEASURED, () => this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration, () => readFileSync(spec.moduleId, 'utf8'));
      },
      (spec) => spec.moduleId,
    );
  }
}
