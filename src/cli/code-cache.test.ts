import module from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { KEEP_CACHE_MS, WRAPPER_START, codeCacheDir, codeCacheFile, codeCacheFor, isMainContext, requireWithCodeCache, staleCaches } from './code-cache.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spm-code-cache-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A CommonJS file with a dependency beside it and enough functions to cache. */
function bundle(dir: string): string {
  writeFileSync(join(dir, 'dep.cjs'), 'module.exports = { twice: (n) => 2 * n };\n');
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  const file = join(dir, 'bundle.cjs');
  writeFileSync(
    file,
    `'use strict';\n${fns}\nconst dep = require('./dep.cjs');\nexports.sum = () => f0(1) + f49(1);\nexports.twice = dep.twice;\nexports.where = () => [__filename, __dirname];\n`,
  );
  return file;
}

describe('codeCacheDir', () => {
  it("follows Node's compile-cache switches", () => {
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    expect(codeCacheDir({ NODE_COMPILE_CACHE: '/var/cache/x' })).toBe(join('/var/cache/x', 'solarproof-mock'));
    expect(codeCacheDir({})).toBe(join(tmpdir(), 'node-compile-cache', 'solarproof-mock'));
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: '' })).toBe(join(tmpdir(), 'node-compile-cache', 'solarproof-mock'));
  });
});

describe('isMainContext', () => {
  it("tells Node's main context from a vm context's realm (a runner such as jest's ES-module mode)", () => {
    expect(isMainContext()).toBe(true);
    expect(isMainContext(runInNewContext('globalThis') as object)).toBe(false);
  });
});

describe('codeCacheFor', () => {
  const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

  it('names no cache for an unbuilt bundle, with the cache off, or on a Node with its own compile cache', () => {
    expect(codeCacheFor(undefined, {})).toBeUndefined();
    expect(codeCacheFor('abc', { NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    if (nodeHasCompileCache) expect(codeCacheFor('abc', {})).toBeUndefined();
  });

  it.skipIf(nodeHasCompileCache)("names the file in codeCacheDir by the key and the process's flags (exec arguments, NODE_OPTIONS, its own)", () => {
    const env = { NODE_COMPILE_CACHE: '/c' };
    const plain = codeCacheFor('abc', env);
    expect(plain).toBe(codeCacheFile(join('/c', 'solarproof-mock'), 'abc', [...process.execArgv, ''].join(' ')));
    expect(codeCacheFor('abc', env, ['--no-turbofan'])).not.toBe(plain);
    expect(codeCacheFor('abc', { ...env, NODE_OPTIONS: '--max-old-space-size=100' })).not.toBe(plain);
    expect(codeCacheFor('abd', env)).not.toBe(plain);
  });
});

describe('codeCacheFile', () => {
  it('names the content, node, the architecture and the flags', () => {
    const a = codeCacheFile('/c', 'abc', '--no-turbofan');
    expect(a).toContain(`abc-${process.version}-${process.arch}-`);
    expect(codeCacheFile('/c', 'abc', '--no-turbofan')).toBe(a);
    expect(codeCacheFile('/c', 'abc', '--no-sparkplug')).not.toBe(a);
    expect(codeCacheFile('/c', 'abd', '--no-turbofan')).not.toBe(a);
  });
});

describe('requireWithCodeCache', () => {
  it('compiles from source first, writes the cache on save(), and uses it on the next load', () => {
    const dir = tempDir();
    const file = bundle(dir);
    const cache = join(dir, 'cache', 'deep', 'x.v8');
    const first = requireWithCodeCache(file, cache);
    expect(first.cache).toBe('missing');
    const m = first.exports as { sum(): number; twice(n: number): number; where(): string[] };
    expect([m.sum(), m.twice(21)]).toEqual([51, 42]);
    expect(m.where()).toEqual([file, dir]);
    first.save();
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(0);
    expect(written.mode & 0o777).toBe(0o600);

    const second = requireWithCodeCache(file, cache);
    expect(second.cache).toBe('used');
    expect((second.exports as { sum(): number }).sum()).toBe(51);
    second.save(); // a used cache is not written again
    expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
  });

  it('falls back to the source when the cache is not V8 data, and writes a good one', () => {
    const dir = tempDir();
    const file = bundle(dir);
    const cache = join(dir, 'x.v8');
    writeFileSync(cache, 'not a code cache');
    const loaded = requireWithCodeCache(file, cache);
    expect(loaded.cache).toBe('rejected');
    expect((loaded.exports as { sum(): number }).sum()).toBe(51);
    loaded.save();
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
    expect(requireWithCodeCache(file, cache).cache).toBe('used');
  });

  it("runs a file the build wrapped as Node's CommonJS function as it is (the library, decision 0051), with the same cache rules, and refuses an unwrapped one", () => {
    const dir = tempDir();
    const plain = bundle(dir);
    const file = join(dir, 'wrapped.cjs');
    writeFileSync(file, `${WRAPPER_START}\n${readFileSync(plain, 'utf8')}})\n//# sourceMappingURL=wrapped.cjs.map\n`);
    const cache = join(dir, 'w.v8');
    const first = requireWithCodeCache(file, cache, 'wrapped');
    expect(first.cache).toBe('missing');
    expect((first.exports as { sum(): number; where(): string[] }).where()).toEqual([file, dir]);
    first.save();
    const second = requireWithCodeCache(file, cache, 'wrapped');
    expect(second.cache).toBe('used');
    expect((second.exports as { twice(n: number): number }).twice(4)).toBe(8);
    expect(() => requireWithCodeCache(plain, undefined, 'wrapped')).toThrow(/not wrapped/);
  });

  it("removes the folder's caches and unfinished writes older than a week when it writes one, and nothing else", () => {
    const dir = tempDir();
    const file = bundle(dir);
    const caches = join(dir, 'cache');
    mkdirSync(caches);
    const old = (Date.now() - KEEP_CACHE_MS - 60_000) / 1000;
    const names = ['old-build.v8', 'old-write.v8.1.2.tmp', 'recent.v8', 'notes.txt'];
    for (const name of names) writeFileSync(join(caches, name), 'x');
    for (const name of ['old-build.v8', 'old-write.v8.1.2.tmp', 'notes.txt']) utimesSync(join(caches, name), old, old);
    requireWithCodeCache(file, join(caches, 'new.v8')).save();
    expect(readdirSync(caches).sort()).toEqual(['new.v8', 'notes.txt', 'recent.v8']);
    expect(staleCaches([{ name: 'a.v8', mtimeMs: 0 }, { name: 'b.v8', mtimeMs: KEEP_CACHE_MS }], KEEP_CACHE_MS + 1)).toEqual(['a.v8']);
  });

  it('starts without a cache where none can be written, and with the cache off', () => {
    const dir = tempDir();
    const file = bundle(dir);
    writeFileSync(join(dir, 'not-a-dir'), '');
    const cache = join(dir, 'not-a-dir', 'x.v8');
    const loaded = requireWithCodeCache(file, cache);
    expect(loaded.cache).toBe('missing');
    expect(() => loaded.save()).not.toThrow();
    const off = requireWithCodeCache(file, undefined);
    expect(off.cache).toBe('off');
    expect((off.exports as { twice(n: number): number }).twice(2)).toBe(4);
    off.save();
  });
});
