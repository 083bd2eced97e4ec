/**
 * What the support modules start for a test and must stop after it (emulators, CLI processes,
 * servers), run after every test of every file by test/support/setup.ts (vitest's setupFiles).
 *
 * A support module registers its cleanup here once, when first imported, instead of calling
 * vitest's `afterEach` itself: the test files share each worker's module graph (`isolate: false`
 * in vitest.config.ts), so a support module is evaluated once per worker, and an `afterEach` it
 * registered at import would belong to the first file that imported it and no other. setupFiles
 * run again for every file, so the hook that runs these cleanups is every file's own.
 */
const cleanups = new Set<() => unknown>();

/** Runs `cleanup` after every test of every file from now on (the same function once). */
export function afterEachTest(cleanup: () => unknown): void {
  cleanups.add(cleanup);
}

/** Runs every registered cleanup, side by side; rejects with the first failure once all ended. */
export async function runCleanups(): Promise<void> {
  const results = await Promise.allSettled([...cleanups].map(async (c) => c()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
