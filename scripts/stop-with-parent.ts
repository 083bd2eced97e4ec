/**
 * Preloaded by `npm start` (`node --import tsx --import ./scripts/stop-with-parent.ts ...`).
 *
 * npm runs a script through `sh -c`, and Debian's sh (dash) does not exec the command, so the
 * server's parent is that sh. A SIGTERM to npm (which forwards it) or to the process npm runs ends
 * the sh only, and would leave the server orphaned with its port taken. So: once the parent is
 * gone (we are re-parented), the server gets its own SIGTERM, the same clean shutdown as `kill`.
 * `exec node ...` in the script would avoid the sh, but cmd.exe on Windows has no `exec`.
 */
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 200);
watch.unref();
