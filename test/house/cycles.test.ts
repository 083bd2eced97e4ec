import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cycleProblems, importGraph } from '../../scripts/check-cycles.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A throwaway tree with the given files under it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'spmock-cycles-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

// That this repository passes is `npm run check:cycles` itself, which npm test runs beside vitest.
describe('the import-cycle check (scripts/check-cycles.ts, run by npm test)', () => {
  it('reads every kind of import from the syntax tree, type-only ones included, and none from comments, strings or tests', () => {
    const root = tree({
      'src/core/a.ts': [
        "import type { B } from './b.js';",
        "export { c } from './c.js';",
        "export type D = typeof import('./d.js');",
        "const e = () => import('./e.js');",
        "import f = require('./f.js');",
        "import 'node:fs';",
        "import { z } from 'zod';",
        "// import { x } from './x.js';",
        "/** @example lazy(() => import('./y.js')) */",
        "const s = \"from './z.js'\";",
      ].join('\n'),
      'src/core/b.ts': '', 'src/core/c.ts': '', 'src/core/d.ts': '', 'src/core/e.ts': '', 'src/core/f.ts': '',
      'src/core/types.d.ts': "import type { B } from './b.js';",
      'src/core/a.test.ts': "import { q } from './q.js';",
    });
    const { graph, unresolved } = importGraph(root);
    expect(graph['core/a.ts']).toEqual(['core/b.ts', 'core/c.ts', 'core/d.ts', 'core/e.ts', 'core/f.ts']);
    expect(graph['core/types.d.ts']).toEqual(['core/b.ts']);
    expect(Object.keys(graph)).not.toContain('core/a.test.ts');
    expect(unresolved).toEqual([]);
  });

  it('names a file cycle, a folder cycle, core importing a folder, a folder importing the root, and an import of nothing', () => {
    const root = tree({
      'src/core/one.ts': "import { two } from './two.js';",
      'src/core/two.ts': "import type { one } from './one.js';",
      'src/core/low.ts': "import { up } from '../world/up.js';",
      'src/world/up.ts': "import { d } from '../delivery/d.js';",
      'src/delivery/d.ts': "import { up } from '../world/up.js';\nimport { gone } from './gone.js';",
      'src/http/root-user.ts': "import { createEmulator } from '../emulator.js';",
      'src/cli/main.ts': "import { createEmulator } from '../emulator.js';",
      'src/emulator.ts': "import { d } from './delivery/d.js';",
    });
    const { problems } = cycleProblems(root);
    expect(problems).toEqual([
      'file cycle: src/delivery/d.ts -> src/world/up.ts -> src/delivery/d.ts',
      'file cycle: src/core/one.ts -> src/core/two.ts -> src/core/one.ts',
      'src/http/root-user.ts imports src/emulator.ts: only the top-level files may import the composition root or the index',
      'src/core must import no other folder, but imports world (core/low.ts -> world/up.ts)',
      'folder cycle: world -> delivery -> world (world/up.ts -> delivery/d.ts; delivery/d.ts -> world/up.ts)',
      'could not resolve ./gone.js (from src/delivery/d.ts)',
    ]);
  });
});
