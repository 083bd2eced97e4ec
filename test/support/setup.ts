/**
 * vitest setupFiles: runs before each test file, in that file's own collection, so the hooks it
 * registers are the file's, also when files share a worker's module graph (`isolate: false`).
 * After each test it stops whatever the support modules started for it (test/support/cleanup.ts);
 * after the file it stores the CPU the file used in its task meta (test/support/file-cpu.ts).
 */
import { afterAll, afterEach } from 'vitest';
import { runCleanups } from './cleanup.js';
import { startCpuCount } from './file-cpu.js';

const cpu = startCpuCount();
afterEach(runCleanups);
afterAll(({}, file) => {
  file.meta.cpu = cpu();
});
