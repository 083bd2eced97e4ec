import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { childrenOf } from '../support/proc.js';
import { cliArgs, eventually, listeningUrl } from '../support/cli-process.js';

/**
 * `npx solarproof-mock` runs the bin as `npm exec` -> `sh -c solarproof-mock` -> node. A SIGTERM to
 * npm ends npm and the sh (scripts/pack-smoke.sh does exactly that through real npx); here the
 * same tree is built by hand, `sh -c '...; :'` (so sh cannot exec node), and the sh is killed.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const pids: number[] = [];
const shells: ChildProcess[] = [];

function underSh(env: Record<string, string>): ChildProcess {
  // The test itself may run under npm (npm test, npx vitest), which sets npm_command.
  const { npm_command: _ignored, ...outer } = process.env;
  const node = [process.execPath, ...cliArgs(['--port', '0', '--seed', '1'])].map((a) => `"${a}"`).join(' ');
  const sh = spawn('sh', ['-c', `${node}; :`], {
    cwd: ROOT,
    env: { ...outer, SPMOCK_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  shells.push(sh);
  return sh;
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/_emulator/health`).then(
    (r) => r.ok,
    () => false,
  );
}

afterEach(() => {
  for (const pid of pids.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  for (const sh of shells.splice(0)) if (sh.exitCode === null && sh.signalCode === null) sh.kill('SIGKILL');
});

describe.skipIf(process.platform !== 'linux')('the bin started by npm (npx, npm exec)', () => {
  it('stops itself cleanly when the sh npm ran it through is gone: port closed, process gone', async () => {
    const sh = underSh({ npm_command: 'exec' });
    const url = await listeningUrl(sh);
    const [server] = childrenOf(sh.pid!);
    expect(server, 'the server runs under the sh').toBeDefined();
    pids.push(server!);
    expect(await answers(url)).toBe(true);
    sh.kill('SIGKILL');
    await eventually(async () => (!running(server!) ? true : undefined), 15_000, 'the orphaned server to exit');
    expect(await answers(url)).toBe(false);
  }, 60_000);

  it('without npm (a plain shell, nohup), the server outlives its parent as before', async () => {
    const sh = underSh({});
    const url = await listeningUrl(sh);
    const [server] = childrenOf(sh.pid!);
    pids.push(server!);
    sh.kill('SIGKILL');
    // Re-parented, and still serving: it was not tied to the shell.
    await eventually(async () => (childrenOf(sh.pid!).length === 0 ? true : undefined), 15_000, 'the server to be re-parented');
    expect(await answers(url)).toBe(true);
    expect(running(server!)).toBe(true);
  }, 60_000);
});
