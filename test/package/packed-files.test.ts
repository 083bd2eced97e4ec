import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/built-dist.js';

/**
 * What `npm pack` / `npm publish` would ship, from `npm pack --dry-run --json` (its scripts off;
 * dist/ built first when stale, test/support/built-dist.ts). scripts/pack-smoke.sh packs it for
 * real, installs it and runs it; this checks the list.
 */
const ROOT = new URL('../../', import.meta.url).pathname;

let packed: string[] | undefined;

/** Computed once (npm pack takes seconds). */
function packedFiles(): string[] {
  if (packed !== undefined) return packed;
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed:\n${r.stderr}`);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  packed = pack!.files.map((f) => f.path);
  return packed;
}

describe('the packed file list', () => {
  // The list is read once dist/ is built from today's sources (never while another file builds it).
  beforeAll(() => ensureBuilt('packed-files test'), 300_000);

  it('ships the sources, fixtures, dashboard, schema and licence; no tests, scripts, docs, CI or dependencies', () => {
    const files = packedFiles();
    for (const f of ['package.json', 'README.md', 'LICENSE', 'src/index.ts', 'src/testcontainers/index.ts', 'src/cli/main.ts', 'fixtures/scenarios/residential-journey.json', 'ui/index.html']) {
      expect(files, f).toContain(f);
    }
    const unwanted = files.filter((f) => /\.test\.ts$|^test\/|^scripts\/|^docs\/|^\.github\/|^\.ci\/|^node_modules\/|^examples\/|^bench\/|\.tgz$/.test(f));
    expect(unwanted).toEqual([]);
  }, 60_000);

  it('every path package.json exports, binds or names as types is shipped (dist/ built first)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin: Record<string, string>; main: string; types: string };
    const targets = new Set<string>([pkg.main, pkg.types, ...Object.values(pkg.bin)]);
    const walk = (v: unknown): void => {
      if (typeof v === 'string') targets.add(v.replace(/^\.\//, ''));
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    expect([...targets]).toContain('dist/testcontainers/index.js');
    expect([...targets]).toContain('dist/cjs/testcontainers/index.d.ts');
    const files = packedFiles();
    expect([...targets].filter((t) => !files.includes(t))).toEqual([]);
  }, 60_000);
});
