import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import the package by name, as users do; in this repo that is the source.
  resolve: { alias: { 'solarproof-mock': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Bundles src/cli once per run for the tests that start the CLI as a process (decision 0024).
    globalSetup: ['./test/support/cli-bundle.ts'],
    // Worker threads, two at a time (vitest's default here is one worker, a fork per file, on 2
    // cores): many files wait on sockets, timers and child processes rather than compute, and a
    // thread starts a test file for less CPU than a fork. Three at a time made tests with real
    // deadlines (2 s receiver checks, browser waits) fail beside other work; see docs/development.md.
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
