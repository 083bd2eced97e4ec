/**
 * vitest setupFiles: runs before each test file, in that file's own collection, so the hooks it
 * registers are the file's, also when files share a worker's module graph (`isolate: false`).
 * After each test it stops whatever the support modules started for it (test/support/cleanup.ts).
 */
import { afterEach } from 'vitest';
import { runCleanups } from './cleanup.js';

afterEach(runCleanups);
