import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLimits, functionSizes, importsOf, MAX_FILE_LINES, MAX_FUNCTION_LINES } from '../../scripts/check-limits.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A throwaway tree with the given files under it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'spmock-limits-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('the house limits (scripts/check-limits.ts, run by npm test)', () => {
  it('measures every kind of function from its first line to its last', () => {
    const text = `export function a() {\n${body(3)}\n}\nconst b = () => {\n${body(1)}\n};\nclass C {\n  m() {\n    return 1;\n  }\n}\n`;
    const sizes = functionSizes('x.ts', text).map((s) => `${s.where.split(' ')[1]}:${s.lines}`);
    expect(sizes).toEqual(['a:5', 'b:3', 'm:3']);
  });

  it('finds relative imports, type-only and dynamic ones included', () => {
    const text = `import type { A } from '../server/a.js';\nimport { b } from "./b.js";\nexport { c } from '../contract/c.js';\nconst d = await import('../delivery/d.js');\nimport 'node:fs';`;
    expect(importsOf(text)).toEqual(['../server/a.js', './b.js', '../contract/c.js', '../delivery/d.js']);
    // Read from the syntax tree, as the cycle check reads them: an import type counts, a comment or a string does not.
    const more = `// import { x } from '../server/x.js';\nconst s = "from '../server/s.js'";\nexport type T = typeof import('../server/t.js');`;
    expect(importsOf(more)).toEqual(['../server/t.js']);
  });

  it('names a file over the limit, a function over the limit and a client import of server code', () => {
    const root = tree({
      'src/core/ok.ts': 'export const ok = 1;\n',
      'src/big/long-file.ts': `${Array.from({ length: MAX_FILE_LINES + 1 }, (_, i) => `export const x${i} = ${i};`).join('\n')}\n`,
      'src/big/long-function.ts': `export function huge() {\n${body(MAX_FUNCTION_LINES)}\n}\n`,
      'src/big/long-function.test.ts': `export function ignoredInTests() {\n${body(MAX_FUNCTION_LINES * 2)}\n}\n`,
      'src/client/client.ts': `import type { X } from '../delivery/x.js';\nimport { ok } from '../core/ok.js';\nimport { y } from './y.js';\n`,
      'ui/js/long-view.js': `${Array.from({ length: MAX_FILE_LINES + 1 }, (_, i) => `export const y${i} = ${i};`).join('\n')}\n`,
    });
    const { problems, files } = checkLimits(root);
    expect(problems).toHaveLength(4);
    expect(problems[3]).toContain(`ui/js/long-view.js: ${MAX_FILE_LINES + 1} lines`);
    expect(problems[0]).toContain(`src/big/long-file.ts: ${MAX_FILE_LINES + 1} lines`);
    expect(problems[1]).toContain(`src/big/long-function.ts:1 huge: a function of ${MAX_FUNCTION_LINES + 2} lines`);
    expect(problems[2]).toContain('src/client/client.ts imports src/delivery/x.js');
    expect(files[0]).toEqual({ where: 'src/big/long-file.ts', lines: MAX_FILE_LINES + 1 });
  });

  it('holds for this repository', () => {
    expect(checkLimits(process.cwd()).problems).toEqual([]);
  });
});
