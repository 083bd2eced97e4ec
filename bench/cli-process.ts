import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * `node <bin> <args>` in a fresh process, answered once it prints "listening on <url>": the child
 * and that URL (its stdout read on after, so it never blocks on a full pipe). stderr is inherited.
 */
export async function startListening(bin: string, args: readonly string[], options: Pick<SpawnOptions, 'cwd' | 'env'> = {}): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [bin, ...args], { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    child.on('exit', () => reject(new Error('the CLI exited before listening')));
  });
  child.stdout!.resume();
  return { child, base };
}

/** A process's resident set (VmRSS) in MiB. */
export const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
