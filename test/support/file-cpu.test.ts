import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { startCpuCount } from './file-cpu.js';
import { mostCpuFiles } from './summary-reporter.js';

describe('the CPU each test file used (file-cpu.ts, printed by the summary reporter)', () => {
  it('counts the worker\'s own CPU and, on Linux, that of the processes it waited for', () => {
    const count = startCpuCount();
    const burn = spawnSync(process.execPath, ['-e', 'const end = process.cpuUsage().user + 200_000; while (process.cpuUsage().user < end);']);
    expect(burn.status).toBe(0);
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += i;
    const used = count();
    expect(x).toBeGreaterThan(0);
    expect(used.ownMs).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(used.childrenMs).toBeGreaterThanOrEqual(150);
  });

  it('lists the files that used most CPU, most first, and the sum over every file', () => {
    const mod = (id: string, cpu?: { ownMs: number; childrenMs: number }) => ({ moduleId: `${process.cwd()}/${id}`, meta: () => (cpu ? { cpu } : {}) }) as unknown as TestModule;
    const out = mostCpuFiles([mod('a.test.ts', { ownMs: 100, childrenMs: 0 }), mod('b.test.ts', { ownMs: 500, childrenMs: 2500 }), mod('c.test.ts')], 1);
    expect(out.split('\n')).toEqual([
      "the 1 files that used most CPU (all, the worker's own, the processes the file started):",
      '   3.0 s    0.5 s    2.5 s  b.test.ts',
      '   3.1 s    0.6 s    2.5 s  all 2 files',
      '',
    ]);
  });
});
