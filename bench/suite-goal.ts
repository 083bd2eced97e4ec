import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * Issue 24's suite goal: `npm test` (the checks beside vitest) once in this checkout, its wall
 * time from spawn to exit, its CPU (user + sys, from `/usr/bin/time` when the machine has it) and
 * the lines it ends with (the ten slowest files, `tests: ...`). It needs the whole machine for a
 * minute or more, and no other `npm test` in this checkout at the time; `SPMOCK_BENCH_SUITE=0`
 * leaves it out.
 */
export interface SuiteRun {
  wallS: number;
  cpuS: number | undefined;
  code: number;
  tail: string[];
  loadBefore: number;
}

const TIME = '/usr/bin/time';

export async function runSuite(root: string): Promise<SuiteRun> {
  const loadBefore = loadavg()[0]!;
  const timed = existsSync(TIME);
  const [cmd, args] = timed ? [TIME, ['-f', 'suite-cpu %U %S', 'npm', 'test']] : ['npm', ['test']];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      const cpu = /suite-cpu ([\d.]+) ([\d.]+)/.exec(out);
      const plain = out.replace(/\x1b\[[\d;]*m/g, '').split('\n').filter((l) => !l.startsWith('suite-cpu'));
      const from = plain.findIndex((l) => l.startsWith('the ') && l.includes('slowest files'));
      resolve({ wallS, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, code: code ?? 1, tail: from >= 0 ? plain.slice(from).filter((l) => l.trim() !== '') : plain.slice(-5), loadBefore });
    });
  });
}
