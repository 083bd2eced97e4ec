/**
 * The CommonJS entry (`require('solarproof-mock')`), built after tsc has written the type
 * declarations and scripts/build-esm.ts the ES-module bundles to dist/ (`npm run build`). Writes dist/cjs/: index.js (one bundle), index.js.map, the type
 * declarations (copied from dist/, so both entries have the same types) and a package.json that
 * marks the folder as CommonJS. Also makes the bin executable.
 *
 * Why a bundle and not a second tsc build: two dependencies are ESM-only (got 14, @faker-js/faker
 * 10). Node >= 20.19 can require() them, but jest (and any other runner with its own module loader,
 * and Node started with --no-experimental-require-module) cannot, and a dynamic import() does not
 * help there either (jest refuses it without --experimental-vm-modules). So every ESM-only
 * dependency is bundled into dist/cjs/index.js; the dependencies that have a CommonJS entry
 * (express, zod, croner, pino) stay external and are loaded from node_modules as usual.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.js';
import { requireCheapNameHelper } from './cheap-name-helper.js';
import { importMetaUrlPlugin } from './import-meta-url-plugin.js';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const out = join(dist, 'cjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin: Record<string, string>;
};

if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/index.js is missing: run tsc -p tsconfig.build.json and scripts/build-esm.ts first (npm run build does all three)');

/** True when `require(name)` works without require(esm): a `require` condition, or a CommonJS main. */
function hasCommonJsEntry(name: string): boolean {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
    type?: string;
    exports?: unknown;
  };
  const exportsText = JSON.stringify(manifest.exports ?? null);
  if (manifest.exports !== undefined && exportsText.includes('"require"')) return true;
  return manifest.type !== 'module';
}

const dependencies = Object.keys(pkg.dependencies);
const external = dependencies.filter(hasCommonJsEntry);
const bundled = dependencies.filter((d) => !external.includes(d));

// dist/cjs/index.js's twin paths are one folder up (see import-meta-url-plugin.ts).
const importMetaUrl = importMetaUrlPlugin(
  root,
  'scripts/build-cjs.ts',
  (twin) => `require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", ${JSON.stringify(twin)})).href`,
);

// The solarproof-mock/testcontainers entry: its own bundle (only the typed client is in it);
// testcontainers, an optional peer dependency, is required from the user's node_modules.
await build({
  entryPoints: [join(root, 'src', 'testcontainers', 'index.ts')],
  outfile: join(out, 'testcontainers', 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [...external, ...Object.keys(pkg.peerDependencies ?? {})],
  keepNames: true,
  sourcemap: true,
  sourcesContent: false, // src/ ships in the package
  // Two folders down from dist/ (src/config/schedule-config.ts requires croner from its twin's folder).
  plugins: [importMetaUrlPlugin(root, 'scripts/build-cjs.ts', (twin) => `require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", "..", ${JSON.stringify(twin)})).href`)],
  logLevel: 'warning',
});

await build({
  entryPoints: [join(root, 'src', 'index.ts')],
  outfile: join(out, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  keepNames: true, // class and function names stay as written (error names, stack traces)
  sourcemap: true,
  sourcesContent: true, // then dropped below for src/, which ships in the package
  plugins: [importMetaUrl],
  // Code that loads an ESM-only dependency on first need (faker: src/world/world.ts) takes the
  // literal require() that esbuild bundles here, where everything else has createRequire.
  define: { SPMOCK_CJS_BUILD: 'true' },
  logLevel: 'warning',
  legalComments: 'eof',
});

// Our own sources resolve to the shipped src/ (as dist/*.js.map do), so the map need not carry
// them; the bundled dependencies' files are not at ../../node_modules once installed (npm hoists
// them), so their entries keep their text.
const mapFile = join(out, 'index.js.map');
const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourcesContent: (string | null)[] };
map.sourcesContent = map.sources.map((s, i) => (s.startsWith('../../src/') ? null : (map.sourcesContent[i] ?? null)));
writeFileSync(mapFile, JSON.stringify(map));
asciiOnly(join(out, 'index.js'));
asciiOnly(join(out, 'testcontainers', 'index.js'));
for (const file of [join(out, 'index.js'), join(out, 'testcontainers', 'index.js')]) requireCheapNameHelper(file);

/**
 * A declaration that imports a type from an ESM-only dependency says so, or TypeScript refuses it
 * in a CommonJS file (TS1479/TS1541): `import type { Faker } from '@faker-js/faker' with
 * { 'resolution-mode': 'import' }`. Needs TypeScript >= 5.3 in the consumer.
 */
function markEsmOnlyImports(text: string): string {
  return text.replace(/^import (?:type )?(\{[^}]*\}) from '([^']+)';$/gm, (line, names: string, from: string) => {
    const name = from.startsWith('@') ? from.split('/').slice(0, 2).join('/') : from.split('/')[0]!;
    return bundled.includes(name) ? `import type ${names} from '${from}' with { 'resolution-mode': 'import' };` : line;
  });
}

// Same declarations as the ESM entry; the package.json below makes TypeScript read them as CommonJS.
function copyDeclarations(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (path === out) continue;
    if (statSync(path).isDirectory()) copyDeclarations(path, join(to, name));
    else if (name.endsWith('.d.ts')) {
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, name), markEsmOnlyImports(readFileSync(path, 'utf8')));
    }
  }
}
copyDeclarations(dist, out);
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);

for (const bin of Object.values(pkg.bin)) chmodSync(join(root, bin), 0o755);

const size = (statSync(join(out, 'index.js')).size / 1024).toFixed(0);
console.log(`dist/cjs/index.js: ${size} KiB, bundles ${bundled.join(', ') || 'nothing'}; requires ${external.join(', ')}`);
