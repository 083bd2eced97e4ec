import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEachTest } from './cleanup.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];

/**
 * node's arguments that run the CLI from src/ with `args`: the run's bundle of src/ when
 * test/support/cli-bundle.ts (vitest's globalSetup) built one, else src/cli/main.ts under tsx's
 * loader. Either way one process, so a signal reaches the CLI itself.
 */
export function cliArgs(args: string[]): string[] {
  const bundle = process.env.SPMOCK_TEST_CLI;
  if (bundle !== undefined && bundle !== 'tsx') return [bundle, ...args];
  return ['--import', 'tsx', 'src/cli/main.ts', ...args];
}

/** The CLI as one process (see cliArgs), logs silent unless `env` says otherwise, stdout and stderr piped; the caller ends it. */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, SPMOCK_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The CLI as one process (spawnCli); killed after the test. */
export function cli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawnCli(args, env);
  children.push(child);
  return child;
}

/** Reads stdout up to the first line (the URL) and stops reading it; resolves with the base URL. */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      rl.close();
      child.stdout!.pause();
      resolve(line.replace('solarproof-mock listening on ', ''));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line: ${stderr}`)));
  });
}

/**
 * Resolves with the exit code once the process has exited and whatever it printed on a stream
 * being read (one with a 'data' listener, not paused) has been read: a process can exit before its
 * last output arrives (an empty stderr from a CLI that had exited 2, seen at load 20). A paused
 * stream (listeningUrl's stdout) is not waited for: it would never end.
 */
export async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  const reading = [child.stdout, child.stderr].filter((s) => s !== null && s.readableFlowing === true && !s.destroyed);
  await Promise.all(reading.map((s) => new Promise((resolve) => s!.once('close', resolve))));
  return child.exitCode;
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterEachTest(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
