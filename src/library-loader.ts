import { fileURLToPath } from 'node:url';
import { codeCacheFor, isMainContext, requireWithCodeCache } from './cli/code-cache.js';

/** The library's CommonJS bundle's content hash (scripts/build-esm.ts defines it); undefined under tsx and vitest. */
declare const SPMOCK_INDEX_CJS_KEY: string | undefined;

type Library = typeof import('./library-commonjs.js');

/**
 * When the cache is written, in ms after the first `startEmulator()` resolves: once what starting
 * compiles is compiled (the cache holds the functions compiled so far), and after the start's first
 * answers, as the bin does (decision 0046).
 */
const SAVE_AFTER_MS = 50;

/**
 * The library as one CommonJS bundle compiled with a V8 code cache (decision 0051), where this
 * pays: a built package on a Node without a compile cache (Node 20), the cache not turned off
 * (`NODE_DISABLE_COMPILE_CACHE=1`), source maps off, in Node's main context. Undefined elsewhere:
 * dist/index.js then imports the ES-module bundle, as before (Node 22, where a user's process may
 * keep Node's own compile cache).
 *
 * The cache is the bin's (src/cli/code-cache.ts: `$NODE_COMPILE_CACHE` or
 * `<os temp dir>/node-compile-cache`, in `solarproof-mock/`), a file named by the bundle's content,
 * node, the architecture and the process's V8 flags; a process that had none (or a rejected one)
 * writes it SAVE_AFTER_MS after its first `startEmulator()` has resolved, or at its exit if that
 * comes sooner (a test that starts, asks and closes), as Node's own compile cache is written.
 */
function load(env: Record<string, string | undefined>): Library | undefined {
  const cacheFile = codeCacheFor(typeof SPMOCK_INDEX_CJS_KEY === 'undefined' ? undefined : SPMOCK_INDEX_CJS_KEY, env);
  // Node maps stack traces through source maps (`--enable-source-maps`) for modules, not for a
  // script compiled through vm: whoever asks for them gets src/ positions from the ES modules.
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  if (cacheFile === undefined || sourceMaps || !isMainContext()) return undefined;
  const file = fileURLToPath(new URL('./bundle/index.cjs', import.meta.url));
  const loaded = requireWithCodeCache(file, cacheFile, 'wrapped');
  const lib = loaded.exports as Library;
  if (loaded.cache !== 'missing' && loaded.cache !== 'rejected') return lib;
  let armed = false;
  const startEmulator: Library['startEmulator'] = async (options) => {
    const started = await lib.startEmulator(options);
    if (!armed) {
      armed = true;
      // save() writes once: whichever comes first, the timer or the exit of a process that ends sooner.
      setTimeout(() => loaded.save(), SAVE_AFTER_MS).unref();
      process.once('exit', () => loaded.save());
    }
    return started;
  };
  return { ...lib, startEmulator };
}

/** The library from its CommonJS bundle, or undefined where the ES-module bundle is loaded instead. */
export const library: Library | undefined = load(process.env);
