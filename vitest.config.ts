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
    // Two forked workers at a time (vitest's default on 2 cores is one): many files wait on
    // sockets, timers and child processes rather than compute. Not worker threads: they start a file
    // for ~25 % less CPU, but there the first delivery of a receiver check (the transport loaded on
    // first use) missed the check's 2 s deadline; see docs/development.md.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
