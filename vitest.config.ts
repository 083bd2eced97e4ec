import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer.js';

export default defineConfig({
  // The examples import the package by name, as users do; in this repo that is the source.
  resolve: { alias: { 'solarproof-mock': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Bundles src/cli once per run for the tests that start the CLI as a process (decision 0024).
    globalSetup: ['./test/support/cli-bundle.ts'],
    // Every file's own after-each cleanup of what the support modules started (test/support/cleanup.ts).
    setupFiles: ['./test/support/setup.ts'],
    // The files of a worker share its module graph: express, zod, faker and src/ load once per
    // worker, not once per file (decision 0031).
    isolate: false,
    // Two files at a time (vitest's default on 2 cores is one). Before the transport was warmed
    // just after start-up (decision 0023), two at a time made the receiver check's first delivery,
    // whose attempt loaded the transport, miss the check's 2 s deadline beside other work
    // (docs/development.md).
    maxWorkers: 2,
    // The longest files first (cached durations, else a guess), so the run does not end on one slow file.
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
