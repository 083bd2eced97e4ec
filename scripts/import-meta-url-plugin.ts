import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * For the bundles (scripts/build-esm.ts, scripts/build-cjs.ts): `import.meta.url` in a bundle is
 * not the source file's URL (in CommonJS it does not exist at all). Each source file's use becomes
 * the URL of that file's twin in dist/ (src/http/dashboard.ts -> dist/http/dashboard.js, a path
 * that need not exist), so relative paths such as `new URL('../../ui/', import.meta.url)` name
 * the same file as they do from src/. `urlOf` turns the twin's path (relative to dist/) into the
 * expression that replaces `import.meta.url`; any other use of `import.meta` fails the build.
 */
export function importMetaUrlPlugin(root: string, script: string, urlOf: (twin: string) => string): Plugin {
  const src = join(root, 'src');
  return {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        if (!args.path.startsWith(src)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return { contents: source, loader: 'ts' };
        const twin = relative(src, args.path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
        if (source.replaceAll('import.meta.url', '').includes('import.meta')) {
          throw new Error(`${relative(root, args.path)} uses import.meta beyond import.meta.url; teach ${script} about it`);
        }
        return { contents: source.replaceAll('import.meta.url', `(${urlOf(twin)})`), loader: 'ts' };
      });
    },
  };
}
