import { fileURLToPath } from 'node:url';
import { codeCacheFor, requireWithCodeCache } from './code-cache.js';

type Serve = (typeof import('./serve-commonjs.js'))['serve'];

/**
 * The built bin's serve bundle as CommonJS (dist/bundle/serve.cjs), and its content's hash:
 * scripts/build-esm.ts defines it for the ES-module bundle; undefined under tsx and vitest.
 */
declare const SPMOCK_SERVE_CJS_KEY: string | undefined;

/**
 * When the cache is written, in ms after listening: not before the first answer (a start without a
 * cache would answer health ~15-25 ms later), and with start-up's warm-up (its fallback is the
 * same 50 ms, decision 0028), before anything sets a V8 flag (a cache made under other flags is
 * rejected: the first work's end of the lean start, decision 0043, or a heap settle's --expose-gc).
 */
const SAVE_AFTER_MS = 50;

/**
 * `serve`, from where this start loads it fastest (decision 0046). On a Node with a compile cache
 * (>= 22.1, turned on by dist/cli/main.js) or with the cache turned off, or from src/: the
 * ES-module chunk, as always. On the built bin under Node 20: the same code as one CommonJS bundle
 * compiled with a V8 code cache (src/cli/code-cache.ts); `started()` writes that cache when this
 * start had none, SAVE_AFTER_MS after the server listens. Call after `startLean()`: its flags are V8's
 * flags when the cache is made and when it is read, and are part of the cache's name (`lean`).
 */
export async function loadServe(lean: readonly string[], env: Record<string, string | undefined>): Promise<{ serve: Serve; started: () => void }> {
  const cacheFile = codeCacheFor(typeof SPMOCK_SERVE_CJS_KEY === 'undefined' ? undefined : SPMOCK_SERVE_CJS_KEY, env, lean);
  if (cacheFile === undefined) return { serve: (await import('./serve.js')).serve, started: () => {} };
  const file = fileURLToPath(new URL('../bundle/serve.cjs', import.meta.url));
  const loaded = requireWithCodeCache(file, cacheFile);
  const entry = loaded.exports as typeof import('./serve-commonjs.js');
  entry.startLean(); // the bundle's own copy holds what main() holds, so its first work gives it back
  return { serve: entry.serve, started: () => setTimeout(() => loaded.save(), SAVE_AFTER_MS).unref() };
}
