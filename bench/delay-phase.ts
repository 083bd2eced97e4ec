import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The peers' harness's delay phase (its `delayRun`), step by step, so that a reader reproduces the
 * figure the lead's harness run reports (docs/performance.md, "Round 7, delay accuracy"): the bin
 * started as the harness starts it (`--port 0`, default logging to a file, a fresh HOME: no code
 * cache), a receiver in a process of its own stamping arrivals on the monotonic clock, one
 * subscribe, 200 ms fixed latency, 3 s settling, 10 warm-up triggers, 0.7 s and a 1 s quiet drain,
 * then 200 triggers at 20/s on a fixed schedule from a new keep-alive agent. Errors (arrival -
 * trigger sent - 200 ms) are paired by arrival order, in the order of the triggers.
 */
const RECEIVER = `
const http = require('node:http');
let t = [];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const server = http.createServer((req, res) => {
  const at = now();
  req.on('data', () => {});
  req.on('end', () => { t.push(at); res.writeHead(200, { 'content-length': '0' }); res.end(); });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => process.send(m === 'reset' ? ((t = []), { ok: true }) : { t }));
process.on('disconnect', () => process.exit(0));
`;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One request; resolves with its status and the moment just before it was flushed. */
function send(base: string, path: string, method: string, body: unknown, agent: Agent | false): Promise<{ status: number; sentAt: number }> {
  const buf = Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const req = request(`${base}${path}`, { method, agent, headers: { 'content-type': 'application/json', 'content-length': buf.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sentAt }));
    });
    req.on('error', () => resolve({ status: 0, sentAt }));
    const sentAt = nowMs();
    req.end(buf);
  });
}

/** `count` triggers at 20/s on a fixed schedule; the send moments of those answered 2xx. */
async function openLoop(base: string, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const t0 = nowMs() + 20;
  const tasks: Array<Promise<{ status: number; sentAt: number }>> = [];
  for (let i = 0; i < count; i++) {
    await sleep(t0 + i * 50 - nowMs());
    tasks.push(send(base, '/_emulator/events', 'POST', { type: 'customer_created', count: 1 }, agent));
  }
  const done = await Promise.all(tasks);
  agent.destroy();
  return done.filter((d) => d.status >= 200 && d.status < 300).map((d) => d.sentAt);
}

/**
 * CPU (user + system, all threads) the process `pid` has used so far, in ms, from /proc (Linux);
 * undefined elsewhere. Clock ticks are taken as 10 ms (USER_HZ 100, Linux's value on x86 and arm).
 */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The delay phase against the bin at `bin`: the errors in ms, one per webhook that came, and the
 * CPU the bin used from the first of the 200 triggers to 200 ms after the last (Linux only).
 */
export async function delayPhase(bin: string): Promise<{ errors: number[]; cpuMs: number | undefined }> {
  const home = mkdtempSync(join(tmpdir(), 'spmock-delay-'));
  const rcv: ChildProcess = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(m: string): Promise<T> => new Promise((resolve) => (rcv.once('message', (a) => resolve(a as T)), rcv.send(m)));
  const log = join(home, 'output.log');
  const fd = openSync(log, 'w');
  let emu: ChildProcess | undefined;
  try {
    const { port } = await new Promise<{ port: number }>((resolve) => rcv.once('message', (m) => resolve(m as { port: number })));
    emu = spawn(process.execPath, [bin, '--port', '0'], { env: { ...process.env, HOME: home }, stdio: ['ignore', fd, fd] });
    let base: string | undefined;
    for (const end = nowMs() + 60_000; !base && nowMs() < end; await sleep(5)) base = /listening on (http:\/\/\S+)/.exec(readFileSync(log, 'utf8'))?.[1];
    if (!base) throw new Error(`the bin did not listen:\n${readFileSync(log, 'utf8')}`);
    await send(base, '/apidata.php?action=subscribe_customer&api_key=sp_test_key', 'POST', { hookUrl: `http://127.0.0.1:${port}/hook`, type_request: 'customer_created' }, false);
    await send(base, '/_emulator/config', 'PATCH', { delivery: { latency: { distribution: 'fixed', ms: 200 } } }, false);
    await sleep(3000);
    await openLoop(base, 10);
    await sleep(700);
    await drain(() => ask<{ t: number[] }>('count').then((r) => r.t.length), 1000);
    await ask('reset');
    const cpuBefore = cpuMsOf(emu.pid);
    const sent = await openLoop(base, 200);
    await sleep(200);
    const cpuAfter = cpuMsOf(emu.pid);
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    await drain(() => ask<{ t: number[] }>('count').then((r) => r.t.length), 1500);
    const arrivals = (await ask<{ t: number[] }>('dump')).t.sort((a, b) => a - b);
    return { errors: arrivals.slice(0, sent.length).map((t, i) => t - sent[i]! - 200), cpuMs };
  } finally {
    closeSync(fd);
    emu?.kill('SIGKILL');
    rcv.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

/** Waits until `count()` has not changed for `quietMs` (at most 10 s), as the harness drains its receiver. */
async function drain(count: () => Promise<number>, quietMs: number): Promise<void> {
  let last = await count();
  let since = nowMs();
  for (const end = nowMs() + 10_000; nowMs() < end && nowMs() - since < quietMs; ) {
    await sleep(50);
    const now = await count();
    if (now !== last) (last = now), (since = nowMs());
  }
}
