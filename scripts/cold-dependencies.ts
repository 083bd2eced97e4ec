/**
 * Bundled dependency code that start-up never runs, moved out of the start-up chunks into files of
 * their own (dist/bundle/cold/*.cjs) that the bundle requires on first call (scripts/build-esm.ts;
 * decision 0038). Why: an ES module is compiled whole when it loads (V8 pre-parses every function
 * in it, run or not: ~100 instructions a byte, a sixth of import + start), so code that only waits
 * in a chunk still costs start-up; required from a file of its own, it costs nothing until called.
 *
 * - qs (express's 'extended' query parser and body-parser's urlencoded, neither of which the
 *   emulator turns on) with side-channel, get-intrinsic and object-inspect (~125 KB): express and
 *   body-parser load its index, whose functions require the rest on first call.
 * - iconv-lite's encodings (~125 KB): iconv-lite requires them on its first decoder, i.e. the first
 *   JSON body of the control API (a health check, a subscribe or a page of the dashboard has none).
 * - thread-stream (pino's worker-thread transports; the emulator's logger writes to stdout itself):
 *   pino requires it when it loads (with worker_threads and assert); it is built only by a transport.
 * - debug (express's, router's, body-parser's... loggers): it prints only for the namespaces the
 *   DEBUG env var names, read once when it loads (tty, util, a logger per namespace). Without DEBUG
 *   the bundle's copy is a logger that does nothing; with it, the real one, from its cold file.
 *
 * Each file is a CommonJS bundle of the dependency's own entry; the bundle's `require` (its banner's
 * `createRequire(import.meta.url)`) finds it beside the chunks, as it finds the JSON data files.
 */
import { dirname, join } from 'node:path';
import { build, type OnLoadArgs, type OnLoadResult, type Plugin } from 'esbuild';

/** Output files (in dist/bundle/) -> the entry each bundles, filled as the main build resolves them. */
export const coldEntries = new Map<string, string>();

/**
 * An esbuild onLoad answer: the module at `args.path` becomes `lines` (a stand-in that requires the
 * real code from ./cold/`file` when first needed), and that module is noted as `file`'s entry.
 */
function standIn(file: string, lines: string[]): (args: OnLoadArgs) => OnLoadResult {
  return (args) => {
    coldEntries.set(file, args.path);
    return { contents: [...lines, ''].join('\n'), loader: 'js', resolveDir: dirname(args.path) };
  };
}

/** The main build's side: the bundle requires the cold parts from ./cold/ instead of holding them. */
export function coldDependencies(): Plugin {
  return {
    name: 'cold-dependencies',
    setup(b) {
      // qs's index, as express and body-parser require it: its parts load on first call.
      b.onLoad({ filter: /[\\/]node_modules[\\/]qs[\\/]lib[\\/]index\.js$/ }, standIn('cold/qs.cjs', [
        "'use strict';",
        'var qs;',
        "function load() { return qs || (qs = require('./cold/qs.cjs')); }",
        'module.exports = {',
        '  get formats() { return load().formats; },',
        '  parse: function parse(str, opts) { return load().parse(str, opts); },',
        '  stringify: function stringify(object, opts) { return load().stringify(object, opts); },',
        '};',
      ]));
      b.onLoad({ filter: /[\\/]node_modules[\\/]debug[\\/]src[\\/]index\.js$/ }, standIn('cold/debug.cjs', [
        "'use strict';",
        'function off() { return off; }',
        'function createDebug(namespace) {',
        '  function debug() {}',
        '  debug.namespace = namespace; debug.enabled = false; debug.useColors = false; debug.log = off; debug.destroy = off;',
        "  debug.extend = function extend(sub, delimiter) { return createDebug(namespace + (delimiter === undefined ? ':' : delimiter) + sub); };",
        '  return debug;',
        '}',
        'createDebug.enable = off; createDebug.disable = function disable() { return ""; };',
        'createDebug.enabled = function enabled() { return false; };',
        "module.exports = process.env.DEBUG ? require('./cold/debug.cjs') : createDebug;",
      ]));
      b.onLoad({ filter: /[\\/]node_modules[\\/]thread-stream[\\/]index\.js$/ }, standIn('cold/thread-stream.cjs', [
        "'use strict';",
        '// `new ThreadStream(opts)` is the one use (pino/lib/transport.js): a constructor that returns the real one.',
        "module.exports = function ThreadStream(opts) { var Real = require('./cold/thread-stream.cjs'); return new Real(opts); };",
      ]));
      // iconv-lite's `iconv.encodings = require("../encodings")`, in its first getCodec().
      b.onResolve({ filter: /^\.\.\/encodings$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]iconv-lite[\\/]lib[\\/]index\.js$/.test(args.importer)) return undefined;
        coldEntries.set('cold/iconv-lite-encodings.cjs', join(args.resolveDir, '..', 'encodings', 'index.js'));
        return { path: './cold/iconv-lite-encodings.cjs', external: true };
      });
      b.onResolve({ filter: /^\.\/cold\// }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Writes each cold file (after the main build, which found their entries); `plugins` resolve their data files. */
export async function buildColdFiles(out: string, plugins: Plugin[]): Promise<string[]> {
  const files: string[] = [];
  for (const [file, entry] of coldEntries) {
    await build({
      entryPoints: [entry],
      outfile: join(out, file),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      plugins,
      logLevel: 'warning',
      legalComments: 'eof',
    });
    files.push(join(out, file));
  }
  return files;
}
