import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Start-up of the built package, in fresh processes (needs `npm run build`):
 * - import: `import()` of dist/index.js plus `startEmulator()` (what the peers bench measures), then
 *   the first answers: `GET /_emulator/health` and one `/apidata.php` call (a subscribe_customer,
 *   as the peers' harness makes first), over node:http; work start-up leaves for later (decision
 *   0038: the data actions' schemas, iconv-lite's encodings, the check runner) is paid there or later;
 * - cold start: spawn `node dist/cli/main.js --port 0` until the first answer on `/_emulator/health`
 *   (the URL is read from the CLI's first stdout line).
 *
 * `npx tsx bench/startup.ts [ROOT...]` compares package roots (folders holding dist/, package.json,
 * ui/, fixtures/ and a node_modules/ to resolve from), default this checkout. Runs alternate between
 * the roots, one of each per round, so that machine load hits them alike; `STARTUP_RUNS` rounds
 * (default 10), medians printed. `npm run bench -- startup` runs it on this checkout.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (n: number) => Math.round(n * 10) / 10;

function runNode(args: string[], cwd: string): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res(out) : rej(new Error(`node exited ${code}`))));
  });
}

/**
 * import() + startEmulator() in a fresh process: [import ms, start ms, CPU ms (all threads) from the
 * import until started, ms from started until health and then one subscribe_customer have answered].
 */
export async function importAndStart(root: string): Promise<[number, number, number, number]> {
  const entry = pathToFileURL(join(root, 'dist', 'index.js')).href;
  const send = `const send=(u,m,b)=>new Promise((ok,no)=>{const q=h.request(u,{method:m,headers:{'content-type':'application/json'}},(r)=>{r.resume();r.on('end',()=>r.statusCode===200?ok():no(new Error(m+' '+u+' answered '+r.statusCode)));});q.on('error',no);q.end(b);});`;
  const first = `await send(e.url+'/_emulator/health','GET');await send(e.url+'/apidata.php?action=subscribe_customer&api_key='+e.apiKey,'POST',JSON.stringify({hookUrl:'http://127.0.0.1:9/first',type_request:'customer_created'}));`;
  const src = `import h from 'node:http';${send}const c0=process.cpuUsage();const t0=performance.now();const m=await import(${JSON.stringify(entry)});const t1=performance.now();const e=await m.startEmulator();const t2=performance.now();const c=process.cpuUsage(c0);${first}const t3=performance.now();console.log(JSON.stringify([t1-t0,t2-t1,(c.user+c.system)/1000,t3-t2]));await e.close();`;
  return JSON.parse(await runNode(['--input-type=module', '-e', src], root)) as [number, number, number, number];
}

/** Spawn the CLI until its first health answer, in ms (wall clock of this process). */
export function coldStart(root: string): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), '--port', '0', '--log-level', 'silent'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    let done = false;
    child.on('exit', (code) => {
      if (!done) rej(new Error(`the CLI exited ${code} before answering health`));
    });
    child.stdout.on('data', (d: Buffer) => {
      if (done || buf.includes('\n')) return;
      buf += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (!m) return;
      fetch(`${m[1]}/_emulator/health`)
        .then(async (r) => {
          await r.arrayBuffer();
          if (!r.ok) throw new Error(`health answered ${r.status}`);
          done = true;
          res(performance.now() - t0);
        })
        .catch(rej)
        .finally(() => child.kill('SIGKILL'));
    });
  });
}

export interface StartupResult {
  root: string;
  importMs: number;
  startMs: number;
  totalMs: number;
  coldStartMs: number;
  /** CPU time (user + system, all threads) of import + start: less moved by other load than wall time. */
  cpuMs: number;
  /** From started until health and one subscribe_customer have answered. */
  firstAnswersMs: number;
}

/** `runs` rounds; each round runs every root once (import + start, then cold start). */
export async function benchStartup(roots: string[], runs: number): Promise<StartupResult[]> {
  for (const root of roots) if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error(`${root}: no dist/index.js (npm run build)`);
  const samples = roots.map(() => ({ imp: [] as number[], start: [] as number[], total: [] as number[], cold: [] as number[], cpu: [] as number[], first: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    for (const [k, root] of roots.entries()) {
      const [a, b, c, d] = await importAndStart(root);
      samples[k]!.cpu.push(c);
      samples[k]!.first.push(d);
      samples[k]!.imp.push(a);
      samples[k]!.start.push(b);
      samples[k]!.total.push(a + b);
      samples[k]!.cold.push(await coldStart(root));
    }
  }
  return roots.map((root, k) => ({
    root,
    importMs: r1(median(samples[k]!.imp)),
    startMs: r1(median(samples[k]!.start)),
    totalMs: r1(median(samples[k]!.total)),
    coldStartMs: r1(median(samples[k]!.cold)),
    cpuMs: r1(median(samples[k]!.cpu)),
    firstAnswersMs: r1(median(samples[k]!.first)),
  }));
}

/** Markdown: when, the load average, and one row of medians per root. */
export async function startupReport(roots: string[], runs: number): Promise<string> {
  const before = loadavg()[0]!.toFixed(2);
  const started = new Date().toISOString().slice(11, 19);
  const results = await benchStartup(roots, runs);
  return [
    `${started}-${new Date().toISOString().slice(11, 19)} UTC, load average (1 min) ${before} -> ${loadavg()[0]!.toFixed(2)}, ${runs} rounds, medians:`,
    '',
    '| root | import | startEmulator | import + start | its CPU time | then health + one subscribe | CLI cold start to health |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.root} | ${r.importMs} ms | ${r.startMs} ms | ${r.totalMs} ms | ${r.cpuMs} ms | ${r.firstAnswersMs} ms | ${r.coldStartMs} ms |`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const roots = process.argv.length > 2 ? process.argv.slice(2).map((r) => resolve(r)) : [resolve(import.meta.dirname, '..')];
  console.log(await startupReport(roots, Number(process.env.STARTUP_RUNS ?? 10)));
}
