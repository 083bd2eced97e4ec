import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * vitest's `sequence.sequencer`: the longest files first, so a run ends with short files on both
 * workers rather than one slow file running alone while the other worker idles.
 *
 * A file's length is the duration vitest cached for it from the last run that ran it
 * (node_modules/.vite/vitest/.../results.json; a failed file is not put first, as vitest's own
 * order does, since the point is the wall time). A file the cache does not know (a clean clone,
 * a new file) is guessed: one that starts processes (the CLI, Python, PHP, Chromium, a child node)
 * as 5 s, any other as 0.1 s per kB of source.
 */
const STARTS_PROCESSES = /\b(spawn|spawnSync|execFile|execFileSync|fork|cli|cliArgs|launchBrowser)\(|support\/browser/;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weighed = files.map((spec) => ({ spec, ms: this.expectedMs(spec) }));
    weighed.sort((a, b) => b.ms - a.ms || a.spec.moduleId.localeCompare(b.spec.moduleId));
    return weighed.map((w) => w.spec);
  }

  private expectedMs(spec: TestSpecification): number {
    const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
    const cached = this.ctx.cache.getFileTestResults(key)?.duration;
    if (cached !== undefined) return cached;
    const text = readFileSync(spec.moduleId, 'utf8');
    return STARTS_PROCESSES.test(text) ? 5000 : text.length / 10;
  }
}
