import type { ChildProcess } from 'node:child_process';
import type { TestContext } from 'vitest';
import { spawnCli } from './cli-process.js';

/** A test context's onTestFinished: what a test started is ended when that test ends. */
export type OnTestFinished = TestContext['onTestFinished'];

/**
 * The CLI as one process, like `cli()` in cli-process.ts, but owned by one test: it is killed
 * (SIGKILL, if still running, and waited for) when that test ends, through the test's own `onTestFinished`. For
 * tests that run at the same time (`describe.concurrent`), where a file-wide afterEach would kill
 * the processes of tests still running.
 */
export function cliForTest(onTestFinished: OnTestFinished, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawnCli(args, env);
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  });
  return child;
}
