/**
 * The ES-module entries, bundled (`npm run build` runs it after tsc has written the type
 * declarations to dist/, and before scripts/build-cjs.ts). Why: loading ~140 small files of our
 * own plus express's and zod's many CommonJS files cost most of `import('solarproof-mock')`; one
 * bundle loads in a fraction of that (docs/decisions/0008-bundled-build.md has the numbers).
 *
 * Writes dist/bundle/ (esbuild, code splitting): index.js (the library), cli.js (the bin), shared
 * chunks, and one chunk per lazily loaded transport (src/delivery/lazy-transport.ts: undici and
 * got still load on the first delivery attempt, never at start-up). Then the two public paths as
 * one-line modules: dist/index.js re-exports dist/bundle/index.js, dist/cli/main.js (the bin)
 * imports dist/bundle/cli.js. Also dist/bundle/serve.cjs: the bin's serve path as one CommonJS
 * bundle, for its code cache on Node 20 (decision 0046). The type declarations (dist/**\/*.d.ts) are tsc's, untouched.
 *
 * Dependencies listed in INLINE are bundled; every other dependency stays external (imported from
 * node_modules at run time). `BUILD_ESM_INLINE=express,zod` overrides the list (for measuring);
 * `BUILD_ESM_METAFILE=file.json` writes esbuild's metafile (what each output holds, by input).
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type OnResolveArgs, type OnResolveResult, type Plugin } from 'esbuild';
import { asciiOnly } from './ascii-only.js';
import { buildColdFiles, coldDependencies } from './cold-dependencies.js';
import { cheapNameHelper, requireCheapNameHelper } from './cheap-name-helper.js';
import { importMetaUrlPlugin } from './import-meta-url-plugin.js';
import { lazyBuiltins } from './lazy-builtins.js';
import { libraryEntries } from './library-entries.js';
import { WRAPPER_START } from '../src/cli/code-cache.js';
import { precomputedMimeTypes } from './precomputed-mime-types.js';
import { zodEnglishOnly } from './zod-english-only.js';

/**
 * What is bundled, measured alone in fresh processes (CPU ms of the import, bundled vs from
 * node_modules; decision 0008): express 49 vs 87, zod 28 vs 68, pino 15 vs 30. croner (7 vs 8)
 * and faker's locale entries (en_AU 25 vs 27, already ES modules; the world loads `base`) gain nothing worth a private copy, so
 * they stay external. undici and got must stay external: they load on the first attempt.
 */
const INLINE = ['express', 'zod', 'pino'];
/** Never bundled: loaded on the first delivery attempt from their own chunk, from node_modules. */
const LAZY = ['undici', 'got'];

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin: Record<string, string>;
};

if (!existsSync(join(dist, 'index.d.ts'))) throw new Error('dist/index.d.ts is missing: run tsc -p tsconfig.build.json first (npm run build does it)');

const inline = process.env.BUILD_ESM_INLINE !== undefined ? process.env.BUILD_ESM_INLINE.split(',').filter(Boolean) : INLINE;
for (const name of inline) {
  if (!(name in pkg.dependencies)) throw new Error(`INLINE names ${name}, which is not a dependency`);
  if (LAZY.includes(name)) throw new Error(`${name} loads lazily on the first attempt; it cannot be bundled`);
}
// Optional peer dependencies (testcontainers, for the solarproof-mock/testcontainers entry) are the user's own.
const peers = Object.keys(pkg.peerDependencies ?? {});
const external = [...Object.keys(pkg.dependencies).filter((d) => !inline.includes(d)), ...peers];

// Every output file is in dist/bundle/, so a source file's twin in dist/ is `../<path>` from it,
// whichever chunk the module lands in.
const importMetaUrl = importMetaUrlPlugin(root, 'scripts/build-esm.ts', (twin) => `new URL(${JSON.stringify(`../${twin}`)}, import.meta.url).href`);

/**
 * Less to compile at start-up (a bundle is compiled whole, ~15-20 ms per MB on this machine,
 * where node_modules files were read only when required):
 * - zod's error messages in 40 languages: only `en`, the one zod configures, is bundled (nothing
 *   here calls `z.config(z.locales.xx())`);
 * - JSON data that dependencies require stays JSON, in a file beside the bundle
 *   (dist/bundle/data/<package>@<version>/...), required from there as from node_modules:
 *   iconv-lite's code-page tables (400 KB, required when a body in Shift-JIS, GBK, Big5... first
 *   arrives) and mime-db's database (230 KB; JSON.parse of a file is cheaper than compiling the
 *   same data as code);
 * - mime-types' maps, built from mime-db when it loads (~12-20 ms), are built here once and
 *   bundled as one JSON string (scripts/precomputed-mime-types.ts), so start-up reads neither
 *   mime-db nor its scores.
 */
const DATA_FILES: { pkg: string; request: RegExp }[] = [
  { pkg: 'iconv-lite', request: /^\.\/tables\/[\w-]+\.json$/ },
  { pkg: 'mime-db', request: /^\.\/db\.json$/ },
];
/** Path in dist/bundle/ -> the file in node_modules, for the data files the bundle requires. */
const dataFiles = new Map<string, string>();
const trim: Plugin = {
  name: 'trim',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]mime-types[\\/]index\.js$/ }, (args) => ({
      contents: precomputedMimeTypes(args.path),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
    b.onResolve({ filter: /\.json$/ }, dataFileResolver('./'));
  },
};
/** `prefix` is the way from the requiring file's folder to dist/bundle/ ('../' from dist/bundle/cold/). */
function dataFileResolver(prefix: string): (args: OnResolveArgs) => OnResolveResult | undefined {
  return (args) => {
    for (const { pkg, request } of DATA_FILES) {
      const dir = args.resolveDir.replace(/\\/g, '/');
      const m = new RegExp(`^(.*/node_modules/${pkg})(/|$)`).exec(dir);
      if (!m || !request.test(args.path)) continue;
      const pkgRoot = m[1]!;
      const { version } = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { version: string };
      const from = join(args.resolveDir, args.path);
      const path = `data/${pkg}@${version}/${relative(pkgRoot, from).replace(/\\/g, '/')}`;
      dataFiles.set(path, from);
      return { path: `${prefix}${path}`, external: true };
    }
    return undefined;
  };
}

// What an earlier build left: tsc writes declarations only; every .js in dist/ (but dist/cjs/,
// rebuilt next) comes from this script.
function removeStaleJs(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === join(dist, 'cjs')) continue;
    if (statSync(path).isDirectory()) removeStaleJs(path);
    else if (name.endsWith('.js') || name.endsWith('.js.map')) rmSync(path);
  }
}
removeStaleJs(dist);
rmSync(out, { recursive: true, force: true });

// The bin's serve path (decision 0046) and the library (decision 0051) again as CommonJS bundles,
// dist/bundle/serve.cjs and index.cjs, which the bin and dist/index.js compile with a V8 code
// cache on Node 20 (src/cli/serve-loader.ts, src/library-loader.ts); each one's content hash names
// its cache, so the ES-module build learns them. Same dependencies inlined; no splitting (their
// lazy parts are in them, compiled when first called, as in the chunks).
const commonJs = (entry: string, file: string, wrapped: boolean) =>
  build({
    entryPoints: { [entry]: join(root, 'src', ...file.split('/')) },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import() as require(): a script compiled with a code cache on Node 20 loses its dynamic-import
    // callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and the main context's loader warns that it
    // is experimental. What it imports (node:https, selfsigned, prom-client) has a CommonJS entry.
    supported: { 'dynamic-import': false },
    external,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false, // src/ ships in the package
    plugins: [
      importMetaUrlPlugin(root, 'scripts/build-esm.ts', (twin) => `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(`../${twin}`)})).href`),
      trim,
      zodEnglishOnly,
      coldDependencies(),
      lazyBuiltins(),
    ],
    // The library's file is Node's CommonJS wrapper around the bundle, as written: the loader reads it
    // whole into one string off V8's heap and compiles that, with no 1.5 MB copy to add the wrapper
    // (src/cli/code-cache.ts, 'wrapped'); on this machine each MB of fresh memory is ~3-6 ms.
    // Its code without the layout's whitespace too (1.57 -> 1.16 MB: ~0.95x the CPU of import + start).
    ...(wrapped ? { banner: { js: WRAPPER_START }, footer: { js: '})' }, minifyWhitespace: true } : {}),
    logLevel: 'warning',
    legalComments: 'eof',
  });
await commonJs('serve', 'cli/serve-commonjs.ts', false);
await commonJs('index', 'library-commonjs.ts', true);
const cjsKey = (name: string): string => {
  const file = join(out, name);
  asciiOnly(file);
  // keepNames' helper as in the ES-module chunks below (decision 0047), before the content is hashed.
  requireCheapNameHelper(file);
  if (/\bimport\(\s*[^)\s]/.test(readFileSync(file, 'latin1'))) throw new Error(`dist/bundle/${name} calls import(): a script with a code cache cannot (decision 0046)`);
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
};
const serveCjsKey = cjsKey('serve.cjs');
const indexCjsKey = cjsKey('index.cjs');

const result = await build({
  entryPoints: {
    index: join(root, 'src', 'index.ts'),
    cli: join(root, 'src', 'cli', 'main.ts'),
    testcontainers: join(root, 'src', 'testcontainers', 'index.ts'),
    library: join(root, 'src', 'library-loader.ts'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // Bundled CommonJS (express, its dependencies) calls require() for Node's built-in modules.
  banner: { js: "import { createRequire as __spmCreateRequire } from 'node:module';\nconst require = __spmCreateRequire(import.meta.url);" },
  keepNames: true, // class and function names stay as written (error names, stack traces)
  sourcemap: true,
  sourcesContent: true, // then dropped below for src/, which ships in the package
  plugins: [importMetaUrl, trim, zodEnglishOnly, coldDependencies(), lazyBuiltins()],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'eof',
  define: { SPMOCK_SERVE_CJS_KEY: JSON.stringify(serveCjsKey), SPMOCK_INDEX_CJS_KEY: JSON.stringify(indexCjsKey) },
});

// The dependency code start-up never runs, in files of their own (scripts/cold-dependencies.ts);
// their data files are found from dist/bundle/cold/.
const coldFiles = await buildColdFiles(out, [{ name: 'data-files', setup: (b) => b.onResolve({ filter: /\.json$/ }, dataFileResolver('../')) }]);

for (const [path, from] of dataFiles) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  copyFileSync(from, join(out, path));
}


// Our own sources resolve to the shipped src/ (as the maps of dist/cjs do); the bundled
// dependencies' files are not at ../../node_modules once installed (npm hoists them), so their
// entries keep their text.
for (const name of readdirSync(out)) {
  if (!name.endsWith('.js.map')) continue;
  const mapFile = join(out, name);
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourcesContent: (string | null)[] };
  map.sourcesContent = map.sources.map((s, i) => (s.startsWith('../../src/') ? null : (map.sourcesContent[i] ?? null)));
  writeFileSync(mapFile, JSON.stringify(map));
}

for (const name of readdirSync(out)) if (name.endsWith('.js')) asciiOnly(join(out, name));
// keepNames' helper in the one chunk that holds esbuild's helpers (decision 0047).
if (readdirSync(out).filter((name) => name.endsWith('.js') && cheapNameHelper(join(out, name))).length !== 1) throw new Error('esbuild\'s __name helper was not found in exactly one chunk: scripts/cheap-name-helper.ts expects its text');
for (const file of coldFiles) asciiOnly(file);

// The public paths (package.json `exports`, `bin`), unchanged: one line each, to the bundle.
const entries = libraryEntries(root, result.metafile);
writeFileSync(join(dist, 'index.js'), entries.index);
writeFileSync(join(dist, 'testcontainers', 'index.js'), entries.testcontainers);
// The bin turns on Node's compile cache first where Node has it (>= 22.1; Node 20 has none, and
// NODE_DISABLE_COMPILE_CACHE=1 turns it off): a later start reads the bundle's compiled code from
// the cache instead of compiling it (decision 0028). Hence a dynamic import, after it is on. Node
// writes the cache at a normal exit; a server is mostly killed, so it is written once the bundle
// has loaded (flushCompileCache, Node >= 22.10), and an up-to-date cache is not written again.
// Where Node has none, serving keeps a V8 code cache of its own (src/cli/serve-loader.ts, 0046).
writeFileSync(
  join(dist, 'cli', 'main.js'),
  [
    '#!/usr/bin/env node',
    "// The bundled build (scripts/build-esm.ts); Node's compile cache where Node has one (decision 0028).",
    "import module from 'node:module';",
    'module.enableCompileCache?.();',
    "await import('../bundle/cli.js');",
    'module.flushCompileCache?.();',
    '',
  ].join('\n'),
);
for (const bin of Object.values(pkg.bin)) chmodSync(join(root, bin), 0o755);

// What start-up loads (the entries and the chunks they import statically) may not import a lazy
// dependency: undici and got load on the first delivery attempt only.
const outputs = result.metafile.outputs;
if (process.env.BUILD_ESM_METAFILE) writeFileSync(process.env.BUILD_ESM_METAFILE, JSON.stringify(result.metafile)); // for esbuild's analyzer
const reached = new Set<string>();
const reach = (file: string): void => {
  if (reached.has(file)) return;
  reached.add(file);
  for (const imp of outputs[file]!.imports) {
    if (imp.kind !== 'import-statement') continue;
    if (LAZY.some((l) => imp.path === l || imp.path.startsWith(`${l}/`))) throw new Error(`${file} imports ${imp.path} at start-up: it must load on the first delivery attempt only`);
    if (!imp.external) reach(imp.path);
  }
};
for (const entry of ['index.js', 'cli.js', 'testcontainers.js', 'library.js']) reach(relative(root, join(out, entry)).replace(/\\/g, '/'));

const sizes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.js'))
  .map(([f, o]) => `${relative(dist, join(root, f))} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`dist/bundle: ${sizes.join(', ')}; bundles ${inline.join(', ') || 'no dependency'}; imports ${external.join(', ')}`);
