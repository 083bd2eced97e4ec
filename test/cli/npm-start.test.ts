import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { childrenOf } from '../support/proc.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const LISTENING = /^solarproof-mock listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
const started: ChildProcess[] = [];
const pids: number[] = [];

/** `npm start -- --port 0`, as a user types it; resolves with npm, its child and the URL. */
async function npmStart(): Promise<{ npm: ChildProcess; childPid: number; url: string; port: number }> {
  const npm = spawn('npm', ['start', '--', '--port', '0', '--seed', '1'], {
    cwd: ROOT,
    env: { ...process.env, SPMOCK_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(npm);
  let stderr = '';
  npm.stderr!.on('data', (d) => (stderr += d));
  // npm prints its own "> solarproof-mock@0.1.0 start" lines first.
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const lines = createInterface({ input: npm.stdout! });
    lines.on('line', (line) => {
      const m = LISTENING.exec(line);
      if (m) resolve(m);
    });
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before listening:\n${stderr}`)));
  });
  const children = childrenOf(npm.pid!);
  expect(children, 'npm runs one process (sh -c ..., or node itself where sh execs)').toHaveLength(1);
  const tree = descendantsOf(npm.pid!);
  pids.push(...tree);
  // One node process serves: no tsx wrapper with the server as its child.
  const nodes = tree.filter((pid) => commandOf(pid)[0]?.endsWith('node'));
  expect(nodes.map(commandOf), 'the processes under npm').toHaveLength(1);
  return { npm, childPid: children[0]!, url: match[1]!, port: Number(match[2]) };
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

function commandOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with how a TCP connect to the port ends: 'connected' or the error code. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Waits (polling, up to 10 s) until no pid of the run is alive; a zombie counts as gone once reaped. */
async function untilGone(list: number[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const left = list.filter(alive).filter((pid) => !isZombie(pid));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

afterEach(() => {
  for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe.skipIf(process.platform !== 'linux')('npm start', () => {
  it('runs the server in one node process (tsx as a loader, not a wrapper), stopped with its parent', () => {
    const { scripts } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } };
    expect(scripts.start).toBe('node --import tsx --import ./scripts/stop-with-parent.ts src/cli/main.ts');
  });

  it('SIGTERM to the process npm start runs stops the server: port closed, npm exits, nothing left', async () => {
    const { npm, childPid, url, port } = await npmStart();
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toMatchObject({ status: 'ok' });
    process.kill(childPid, 'SIGTERM');
    await exited(npm);
    expect(await untilGone(pids)).toEqual([]);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  }, 60_000);

  it('SIGTERM to npm itself reaches the server too (npm forwards it)', async () => {
    const { npm, port } = await npmStart();
    npm.kill('SIGTERM');
    await exited(npm);
    expect(await untilGone(pids)).toEqual([]);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  }, 60_000);
});
