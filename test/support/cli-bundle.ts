/**
 * vitest globalSetup: bundles the CLI (src/cli/main.ts and the src/ files it imports) with esbuild
 * once per run, so that the tests that start the CLI as a real process (`cli()` in
 * cli-process.ts) run `node <bundle>` instead of `node --import tsx src/cli/main.ts`. Under tsx
 * every start resolves each module through loader hooks and compiles ~140 files (1.9-2.4 s of CPU
 * on this 2-core machine); the bundle starts for about a third of that (docs/decisions/0024-tests-run-a-cli-bundle.md).
 *
 * It is still src/: built from the sources at the start of every run, and `import.meta.url` in a
 * source file becomes that source file's own URL, so `new URL('../../ui/', import.meta.url)` names
 * the same folder. tsx transpiles with the same esbuild. The tests of `npm start` and of tsx as a
 * loader keep tsx. Express, zod and pino are bundled in, as dist/ bundles them (scripts/build-esm.ts):
 * from node_modules each process resolved and compiled their ~400 files (~40-60 ms of CPU a client
 * subcommand, ~40-100 ms a server; decision 0049); every other dependency, and the JSON files any
 * dependency requires, load from node_modules. Each chunk's source map is a file beside it (node
 * --enable-source-maps reads it and names src/ lines), with the mappings but not the sources' text,
 * which the files on disk hold: an inline map is read and scanned by every process.
 *
 * The bundle goes to .test-cli/<pid>/ in the checkout (packages resolve from node_modules beside
 * it), removed at the end of the run; its path reaches the test workers as SPMOCK_TEST_CLI.
 * `SPMOCK_TEST_CLI=tsx` runs the CLI under tsx as before. test/support/first-deliveries-child.ts
 * is bundled the same way but with every dependency external, to .test-cli/<pid>/first-deliveries/
 * (SPMOCK_TEST_FIRST_DELIVERIES_CHILD).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop, type Plugin } from 'esbuild';
import { zodEnglishOnly } from '../../scripts/zod-english-only.js';

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

/**
 * Bundled in (each is what most CLI processes load at start, and what dist/ bundles). Everything
 * else stays external: the transports' undici and got load lazily, as in src/; faker, croner,
 * prom-client and selfsigned gain nothing worth a private copy (scripts/build-esm.ts measured them).
 */
const INLINE = ['express', 'zod', 'pino'];

/** Every dependency but INLINE, and its subpaths: imported from node_modules at run time. */
function externalPackages(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const names = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) => Object.keys(pkg[k] ?? {})).filter((d) => !INLINE.includes(d));
  return names.flatMap((d) => [d, `${d}/*`]);
}

/** A JSON file a bundled dependency requires (mime-db's database, iconv-lite's tables) is required from node_modules, not compiled into the bundle as code. */
const jsonFromNodeModules: Plugin = {
  name: 'json-from-node-modules',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') && /[\\/]node_modules[\\/]/.test(args.resolveDir) ? { path: join(args.resolveDir, args.path), external: true } : undefined));
  },
};

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.SPMOCK_TEST_CLI === 'tsx') return undefined;
  const outdir = join(ROOT, '.test-cli', String(process.pid));
  mkdirSync(outdir, { recursive: true });
  // `inline`: express, zod and pino bundled in (the CLI: ~60 processes a run) or imported from
  // node_modules (the first-deliveries child: 3 a run, not worth bundling them for each run).
  const bundle = (entry: string, dir: string, inline: boolean) =>
    build({
      entryPoints: [join(ROOT, entry)],
      outdir: dir,
      bundle: true,
      splitting: true, // the transports stay lazily loaded chunks, as in src/
      format: 'esm',
      platform: 'node',
      target: 'node20',
      ...(inline
        ? {
            external: externalPackages(),
            // Bundled CommonJS (express, its dependencies) calls require() for Node's built-in modules and the JSON files.
            banner: { js: "import { createRequire as __spmCreateRequire } from 'node:module';\nconst require = __spmCreateRequire(import.meta.url);" },
            plugins: [jsonFromNodeModules, zodEnglishOnly, sourceUrls],
          }
        : { packages: 'external', plugins: [sourceUrls] }),
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
    });
  // The child test/delivery/first-deliveries.test.ts starts (a new emulator in a fresh process), in a
  // folder of its own so that its chunks and the CLI's never mix.
  const childDir = join(outdir, 'first-deliveries');
  await Promise.all([bundle('src/cli/main.ts', outdir, true), bundle('test/support/first-deliveries-child.ts', childDir, false)]);
  // esbuild's service process would outlive the run by a moment (it ends when it sees our stdin
  // close): stopped now, nothing of this run is left behind. Another esbuild call starts a new one.
  await stop();
  process.env.SPMOCK_TEST_CLI = join(outdir, 'main.js');
  process.env.SPMOCK_TEST_FIRST_DELIVERIES_CHILD = join(childDir, 'first-deliveries-child.js');
  return () => rmSync(outdir, { recursive: true, force: true });
}
