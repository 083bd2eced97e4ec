/**
 * The CPU one test file used, its import included: its worker's own (process.cpuUsage) and that of
 * the processes it started and waited for (the CLI, Python, PHP, Chromium: /proc/self/stat's
 * cutime and cstime, Linux only). test/support/setup.ts starts the count before the file is
 * imported and stores it in the file's task meta after its last test; the summary reporter prints
 * the files that used most. The files of a worker run one after another, so a worker's counts
 * between two files are that file's. CPU moves less than wall time with the machine's load, but it
 * moves (stdout floods and process starts cost more beside other work): compare runs at a like load.
 */
import { readFileSync } from 'node:fs';

/** CPU in ms: the worker's own, and its reaped children's. */
export interface FileCpu {
  ownMs: number;
  childrenMs: number;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    cpu?: FileCpu;
  }
}

/** The reaped children's user+system CPU in ms (clock ticks of 10 ms), 0 where there is no /proc. */
function childrenMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Starts a count; the function it returns reads it. */
export function startCpuCount(): () => FileCpu {
  const own = process.cpuUsage();
  const children = childrenMs();
  return () => {
    const used = process.cpuUsage(own);
    return { ownMs: Math.round((used.user + used.system) / 1000), childrenMs: childrenMs() - children };
  };
}
