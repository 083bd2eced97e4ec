/**
 * npm runs a bin (`npx solarproof-mock`, `npm exec`) or a script (`npm start`) through `sh -c`,
 * and Debian's sh (dash) does not exec the command, so the server's parent is that sh. A SIGTERM
 * to npm ends npm and the sh, and left the server orphaned with its port taken (one emulator per
 * test from docs/pytest.md's fixture, whose command is `npx --no-install solarproof-mock`). So,
 * when npm started us (it sets `npm_command`), once the parent is gone (we are re-parented) the
 * server gets its own SIGTERM: the same clean shutdown as `kill`.
 *
 * Only under npm: `nohup solarproof-mock &` from a shell is meant to outlive that shell.
 */
const INSTALLED = Symbol.for('solarproof-mock.stop-with-parent');

/** Installs the watch once per process (the bin and `npm start`'s preload both ask); returns whether it watches. */
export function stopWithParent(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.npm_command === undefined) return false;
  const flags = globalThis as Record<symbol, unknown>;
  if (flags[INSTALLED] === true) return true;
  flags[INSTALLED] = true;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 200);
  watch.unref();
  return true;
}
