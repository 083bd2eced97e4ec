/**
 * vitest globalSetup: bundles the CLI (src/cli/main.ts and the src/ files it imports) with esbuild
 * once per run, so that the tests that start the CLI as a real process (`cli()` in
 * cli-process.ts) run `node <bundle>` instead of `node --import tsx src/cli/main.ts`. Under tsx
 * every start resolves each module through loader hooks and compiles ~140 files (1.9-2.4 s of CPU
 * on this 2-core machine); the bundle starts for about a third of that (docs/decisions/0024-tests-run-a-cli-bundle.md).
 *
 * It is still src/: built from the sources at the start of every run, dependencies loaded from
 * node_modules as under tsx (none is inlined), and `import.meta.url` in a source file becomes that
 * source file's own URL, so `new URL('../../ui/', import.meta.url)` names the same folder. tsx
 * transpiles with the same esbuild. The tests of `npm start` and of tsx as a loader keep tsx.
 *
 * The bundle goes to .test-cli/<pid>/ in the checkout (packages resolve from node_modules beside
 * it), removed at the end of the run; its path reaches the test workers as SPMOCK_TEST_CLI.
 * `SPMOCK_TEST_CLI=tsx` runs the CLI under tsx as before. test/support/first-deliveries-child.ts
 * is bundled the same way, to .test-cli/<pid>/first-deliveries/ (SPMOCK_TEST_FIRST_DELIVERIES_CHILD).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop, type Plugin } from 'esbuild';

const ROOT = new URL('../../', import.meta.url).pathname;

/** `import.meta.url` in a source file -> that file's URL (a bundle's own URL is the bundle's). */
const sourceUrls: Plugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta')) return { contents: source, loader: 'ts' };
      if (source.replaceAll('import.meta.url', '').includes('import.meta')) {
        throw new Error(`${args.path} uses import.meta beyond import.meta.url; teach test/support/cli-bundle.ts about it`);
      }
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.SPMOCK_TEST_CLI === 'tsx') return undefined;
  const outdir = join(ROOT, '.test-cli', String(process.pid));
  mkdirSync(outdir, { recursive: true });
  const bundle = (entry: string, dir: string) =>
    build({
      entryPoints: [join(ROOT, entry)],
      outdir: dir,
      bundle: true,
      splitting: true, // the transports stay lazily loaded chunks, as in src/
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'warning',
      plugins: [sourceUrls],
    });
  // The child test/delivery/first-deliveries.test.ts starts (a new emulator in a fresh process), in a
  // folder of its own so that its chunks and the CLI's never mix.
  const childDir = join(outdir, 'first-deliveries');
  await Promise.all([bundle('src/cli/main.ts', outdir), bundle('test/support/first-deliveries-child.ts', childDir)]);
  // esbuild's service process would outlive the run by a moment (it ends when it sees our stdin
  // close): stopped now, nothing of this run is left behind. Another esbuild call starts a new one.
  await stop();
  process.env.SPMOCK_TEST_CLI = join(outdir, 'main.js');
  process.env.SPMOCK_TEST_FIRST_DELIVERIES_CHILD = join(childDir, 'first-deliveries-child.js');
  return () => rmSync(outdir, { recursive: true, force: true });
}
