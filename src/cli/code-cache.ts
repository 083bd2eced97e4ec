import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * A V8 code cache for the bin's CommonJS serve bundle on a Node without a compile cache (Node 20;
 * decision 0046): what Node 22's `module.enableCompileCache()` does for ES modules, by hand. The
 * bundle is compiled through `vm.Script` with the cached data of an earlier start, so V8 neither
 * parses nor compiles what that start compiled; the first start (or one whose cache V8 rejects)
 * compiles from source as before and writes the cache once it is up (`save()`).
 *
 * Never breaks a start: a missing, unreadable, foreign or stale cache is compiled from source; a
 * folder that cannot be written (a read-only file system) is no cache. Two processes writing at
 * once each write a file of their own and rename it over the cache: the last rename wins, whole.
 */
export interface CachedModule {
  exports: unknown;
  /** How the code was compiled: from the cache, or from source with no cache or a rejected one. */
  readonly cache: 'used' | 'missing' | 'rejected' | 'off';
  /** Writes the cache when this start did not use one (at most once). Never throws. */
  save(): void;
}

/**
 * The cache folder, or undefined when the cache is off: Node's own switches, as its compile cache
 * reads them (`NODE_DISABLE_COMPILE_CACHE=1` off; `NODE_COMPILE_CACHE=<dir>` where), else
 * `<os temp dir>/node-compile-cache`, Node 22's default. The bin's files go in `solarproof-mock/`.
 */
export function codeCacheDir(env: Record<string, string | undefined>): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') return undefined;
  return join(env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache'), 'solarproof-mock');
}

/**
 * The cache file for a built bundle whose content hashes to `key`, where a code cache of ours
 * applies: `key` defined (a built package; undefined under tsx and vitest), a Node without its
 * own compile cache (Node 20: `module.enableCompileCache` absent), the cache not turned off
 * (`codeCacheDir`). The file's name holds the process's V8 flags (its exec arguments,
 * NODE_OPTIONS, and `flags` it sets itself). Undefined where the ES modules load instead.
 */
export function codeCacheFor(key: string | undefined, env: Record<string, string | undefined>, flags: readonly string[] = []): string | undefined {
  const dir = codeCacheDir(env);
  if (key === undefined || typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function' || dir === undefined) return undefined;
  return codeCacheFile(dir, key, [...process.execArgv, env.NODE_OPTIONS ?? '', ...flags].join(' '));
}

/** FNV-1a of `text`, 8 hex digits: the flags' part of a cache file's name. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The cache file for a bundle whose content hashes to `contentKey`: V8 checks its own version and
 * flags and the source's length only, so the content is in the name, with node's version, the
 * architecture and the flags V8 was given (a cache made under other flags would be rejected).
 */
export function codeCacheFile(dir: string, contentKey: string, flags: string): string {
  return join(dir, `${contentKey}-${process.version}-${process.arch}-${fnv(flags)}.v8`);
}

/** The cache's bytes if the file is a regular file of this user's (no one else's code is run). */
function readOwn(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || (process.getuid !== undefined && st.uid !== process.getuid())) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's text (ASCII: scripts/ascii-only.ts), read in pieces of 64 KiB. A 1.5 MB Buffer, once
 * freed, raises glibc's mmap and trim thresholds to its size and the idle bin kept ~1-2 MiB more
 * of malloc's heap (decision 0046); the pieces stay under the threshold and are reused.
 */
function readSource(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const piece = Buffer.allocUnsafe(64 * 1024);
    const parts: string[] = [];
    for (let n = readSync(fd, piece); n > 0; n = readSync(fd, piece)) parts.push(piece.toString('latin1', 0, n));
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}

/** How long a cache file is kept after it was written: a build's caches are never rewritten, so an older one is most likely an earlier build's. */
export const KEEP_CACHE_MS = 7 * 24 * 3600 * 1000;

/** The files of a cache folder to remove at `now`: caches (`.v8`) and unfinished writes (`.tmp`) written over KEEP_CACHE_MS ago. */
export function staleCaches(files: ReadonlyArray<{ name: string; mtimeMs: number }>, now: number): string[] {
  return files.filter((f) => /\.(v8|tmp)$/.test(f.name) && now - f.mtimeMs > KEEP_CACHE_MS).map((f) => f.name);
}

/** Removes this user's stale files (`staleCaches`) from `dir`; a file it cannot read or remove is left. */
function prune(dir: string): void {
  const files: { name: string; mtimeMs: number }[] = [];
  for (const name of readdirSync(dir)) {
    try {
      const st = lstatSync(join(dir, name));
      if (st.isFile() && (process.getuid === undefined || st.uid === process.getuid())) files.push({ name, mtimeMs: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  for (const name of staleCaches(files, Date.now())) rmSync(join(dir, name), { force: true });
}

/** Writes the cache (a file of its own, renamed over the cache), then removes the folder's stale caches. */
function write(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    prune(dirname(file));
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * Whether `global` (this module's realm by default) is Node's main context, where `vm`'s
 * `runInThisContext` runs a script. Not so under a test runner that evaluates modules in a vm
 * context of its own (jest's ES-module mode): a bundle run from there would hand out objects of
 * another realm (`instanceof Error` false, its fake timers not seen), so the library does not.
 */
export function isMainContext(global: object = globalThis): boolean {
  return new Script('globalThis').runInThisContext() === global;
}

/** How Node wraps a CommonJS file's code (its own `require`, `module`...); one line, so lines stay the file's. */
export const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';

/**
 * Runs the CommonJS file `file` as `require` would (its own `require`, `module`, `__filename`),
 * compiled with the cache `cacheFile` when there is one (undefined: no cache). Answers its exports
 * and how it was compiled. The file may not call `import()`: a script compiled with a code cache loses the dynamic-import callback on Node 20
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and the main context's loader is experimental there.
 *
 * `form: 'wrapped'` (the library, decision 0051): the file already is Node's wrapper around the
 * bundle (`WRAPPER_START` ... `})`, written by the build), read in one piece: Node makes a string
 * over ~1 MB external, off V8's heap, and V8 compiles it as it is. 64 KiB pieces are ~1.5 MB of
 * young garbage that the loading's scavenges copy (7 of them instead of 4), and adding the wrapper
 * makes a 1.5 MB copy; fresh memory is dear on this machine (~3-6 ms a MB). The bin keeps the
 * pieces (`readSource`), for its idle RSS (decision 0046).
 */
export function requireWithCodeCache(file: string, cacheFile: string | undefined, form: 'pieces' | 'wrapped' = 'pieces'): CachedModule {
  const cachedData = cacheFile === undefined ? undefined : readOwn(cacheFile);
  // Node's own CommonJS wrapper, on the first line, so that lines and columns stay the file's.
  const code = form === 'wrapped' ? readFileSync(file, 'latin1') : `${WRAPPER_START}${readSource(file)}\n})`;
  if (!code.startsWith(WRAPPER_START)) throw new Error(`${file} is not wrapped as a CommonJS function`);
  const script = new Script(code, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache = cacheFile === undefined ? 'off' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let saved = cache === 'used' || cache === 'off';
  return {
    get exports() {
      return module.exports;
    },
    cache,
    save() {
      if (saved || cacheFile === undefined) return;
      saved = true;
      try {
        write(cacheFile, script.createCachedData());
      } catch {
        // no cache then; the next start compiles from source again
      }
    },
  };
}
