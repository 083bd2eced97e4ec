import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The scripts `npm run build` runs, and every script they import (relative imports, followed). */
function buildScripts(): string[] {
  const build = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build!;
  const todo = [...build.matchAll(/tsx (scripts\/[\w./-]+\.ts)/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/^\s*import\s[^'"]*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      const target = normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      if (relative('scripts', target).startsWith('..')) continue; // src/ is copied whole
      todo.push(target);
    }
  }
  return [...seen].sort();
}

describe('the Dockerfile', () => {
  it("copies every script the build imports into the build stage (a new build helper missed there breaks only docker build, which CI reaches last)", () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const copied = new Set(
      dockerfile
        .split('\n')
        .filter((l) => /^COPY\s+scripts\//.test(l))
        .flatMap((l) => l.trim().split(/\s+/).slice(1, -1)),
    );
    const needed = buildScripts();
    expect(needed).toContain('scripts/build-esm.ts');
    expect(needed).toContain('scripts/ascii-only.ts');
    expect(needed.filter((f) => !copied.has(f))).toEqual([]);
  });
});
