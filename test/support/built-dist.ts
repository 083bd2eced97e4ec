import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * dist/ built from today's sources, once per run, for the test files that read it (the built
 * package, the packed file list). Test files run side by side: the first that finds dist/ missing
 * or older than its inputs builds it while holding a lock folder; the others wait for the lock to
 * go, so none reads a dist/ that is half written (the packed list saw one, with its entries
 * missing, when a build ran beside it).
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const LOCK = join(ROOT, 'node_modules', '.cache', 'solarproof-mock-build.lock');
const INPUTS = ['src', 'package.json', 'tsconfig.build.json', 'scripts/build-esm.ts', 'scripts/build-cjs.ts', 'scripts/ascii-only.ts', 'scripts/precomputed-mime-types.ts'];
/** A lock older than this was left by a run that died mid-build: taken over. */
const LOCK_STALE_MS = 5 * 60_000;

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.test.ts') ? 0 : st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when dist/ is missing or older than a file it is built from (tests excepted). */
function distIsStale(): boolean {
  const built = join(ROOT, 'dist', 'bundle', 'index.js');
  return !existsSync(built) || INPUTS.some((p) => newestMtime(join(ROOT, p)) > statSync(built).mtimeMs);
}

/** Sleeps `ms` without a timer (the callers are synchronous beforeAll hooks). */
const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds dist/ when it is stale (`npm run build`, saying so in one line), or waits for the build another file started. */
export function ensureBuilt(who: string): void {
  for (;;) {
    if (!distIsStale() && !existsSync(LOCK)) return;
    mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another file builds: wait until its lock is gone (or so old that its run died), then look again.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else pause(200);
      continue;
    }
    try {
      if (!distIsStale()) return;
      console.log(`${who}: dist/ is missing or older than src/, running npm run build first`);
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
