import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { requireWithCodeCache } from '../src/cli/code-cache.js';

/**
 * The text of the package's two ES-module entries (dist/index.js, dist/testcontainers/index.js;
 * scripts/build-esm.ts writes them). Each takes its names from one copy of the library: on a Node
 * without a compile cache (Node 20), the CommonJS bundle dist/bundle/index.cjs that
 * dist/bundle/library.js compiled with a V8 code cache (src/library-loader.ts, decision 0051),
 * which also holds the testcontainers entry's module; elsewhere (Node 22, or the cache turned off)
 * the ES-module bundle, as before. The names are listed (an ES module's exports are static): those
 * esbuild found in the ES-module entry, and the build fails if the CommonJS bundle lacks one.
 */
export function libraryEntries(root: string, metafile: Metafile): { index: string; testcontainers: string } {
  const names = (entry: string): string[] => {
    const output = metafile.outputs[`dist/bundle/${entry}`];
    if (output === undefined) throw new Error(`esbuild wrote no dist/bundle/${entry}`);
    return [...output.exports].sort();
  };
  // Loaded as dist/bundle/library.js loads it (no cache here): the file is a wrapped function.
  const lib = requireWithCodeCache(join(root, 'dist', 'bundle', 'index.cjs'), undefined, 'wrapped').exports as Record<string, unknown>;
  const missing = names('index.js').filter((name) => !(name in lib));
  if (missing.length > 0 || typeof lib.testcontainersEntry !== 'function') throw new Error(`dist/bundle/index.cjs lacks ${missing.join(', ') || 'testcontainersEntry'}: src/library-commonjs.ts re-exports src/index.ts`);
  const text = (up: string, from: string, entry: string): string =>
    [
      "// The bundled build (scripts/build-esm.ts): the library's CommonJS bundle with a V8 code cache on Node 20, else the",
      '// ES-module bundle (scripts/library-entries.ts, decision 0051).',
      `import { library } from '${up}bundle/library.js';`,
      `const m = ${from};`,
      `export const { ${names(entry).join(', ')} } = m;`,
      '',
    ].join('\n');
  return {
    index: text('./', "library ?? (await import('./bundle/index.js'))", 'index.js'),
    testcontainers: text('../', "library ? await library.testcontainersEntry() : await import('../bundle/testcontainers.js')", 'testcontainers.js'),
  };
}
