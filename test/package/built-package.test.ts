import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/built-dist.js';
import { exitCode } from '../support/cli-process.js';

/**
 * The built package as a user runs it: the bin (dist/cli/main.js) and the ES-module entry
 * (dist/index.js, what `import('solarproof-mock')` loads), both bundled by scripts/build-esm.ts.
 * Every other test runs src/ under tsx. dist/ is built first (`npm run build`, one line says so)
 * when it is missing or older than what it is built from. scripts/pack-smoke.sh checks the packed
 * tarball the same way, and `require`.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Node's own compile cache (>= 22.1): there the bin and the library keep no code cache of their own (decisions 0046, 0051). */
const NODE_HAS_COMPILE_CACHE = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** The one file of a code-cache folder, named by the bundle's content, node, the architecture and the flags; its name. */
function onlyCacheFile(files: string[]): string {
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(new RegExp(`^[0-9a-f]{16}-${process.version}-${process.arch}-[0-9a-f]{8}\\.v8$`));
  return files[0]!;
}

beforeAll(() => ensureBuilt('built-package test'), 300_000);

/** Runs an ES module in a fresh node process (cwd: the repo); resolves with what it printed last, as JSON. */
function runModule(source: string, env: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the module exited ${code}:\n${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

describe('the built package', () => {
  it('the bin serves: URL first, then JSON log lines; health with the version, the dashboard, the built-in scenarios; exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), '--port', '0', '--seed', '1'], {
      cwd: '/', // a user's folder: nothing may be found relative to the working directory
      env: { ...process.env, SPMOCK_LOG_LEVEL: 'info', SPMOCK_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      rl.on('line', (line) => {
        lines.push(line);
        if (lines.length === 2) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before two lines: ${stderr}`)));
    });
    expect(lines[0]).toMatch(/^solarproof-mock listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ name: 'solarproof-mock', seed: 1 });
    const url = lines[0]!.split(' ').pop()!;

    expect(await (await fetch(`${url}/_emulator/health`)).json()).toMatchObject({ status: 'ok', version: VERSION });
    const page = await fetch(`${url}/_emulator/ui/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const scenarios = (await (await fetch(`${url}/_emulator/scenarios`)).json()) as { scenarios: { name: string }[] };
    expect(scenarios.scenarios.map((s) => s.name)).toContain('residential-journey');
    // A UTF-16 body: express's JSON parser decodes it with iconv-lite, bundled.
    const utf16 = await fetch(`${url}/_emulator/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(JSON.stringify({ type: 'customer_created' }), 'utf16le'),
    });
    expect(utf16.status).toBe(200);
    expect(await utf16.json()).toMatchObject({ events: [{ type: 'customer_created' }] });

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);

  it.skipIf(NODE_HAS_COMPILE_CACHE)(
    "the bin on a Node without a compile cache keeps a V8 code cache of its serve bundle (decision 0046): written once it listens, read by the next start (which still loads --tls's modules), a broken one replaced, none with NODE_DISABLE_COMPILE_CACHE=1",
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'spm-bin-cache-'));
      const dir = join(base, 'solarproof-mock');
      const files = (): string[] => (existsSync(dir) ? readdirSync(dir) : []);
      /**
       * One start to its first answer, then a wait for `until` (polled; by default: 300 ms past the
       * listening line, well past the moment a start without a cache writes one, 50 ms after it),
       * and a clean stop; the cache folder's files after it.
       */
      const start = async (env: Record<string, string>, args: string[] = [], until?: () => boolean): Promise<string[]> => {
        const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), '--port', '0', ...args], {
          cwd: '/',
          env: { ...process.env, SPMOCK_LOG_LEVEL: 'silent', NODE_COMPILE_CACHE: base, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const first = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
        });
        const listened = performance.now();
        if (args.includes('--tls')) expect(first).toMatch(/listening on https:\/\//);
        else expect((await fetch(`${first.split(' ').pop()!}/_emulator/health`)).status).toBe(200);
        const done = until ?? (() => performance.now() - listened > 300);
        for (const deadline = performance.now() + 20_000; !done() && performance.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
        child.kill('SIGTERM');
        expect(await exitCode(child)).toBe(0);
        expect(stderr).toBe('');
        return files();
      };
      try {
        expect(await start({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual([]);
        const name = onlyCacheFile(await start({}, [], () => files().length > 0 && files().every((f) => f.endsWith('.v8'))));
        const file = join(dir, name);
        const made = statSync(file).mtimeMs;
        expect(await start({})).toEqual([name]);
        expect(statSync(file).mtimeMs).toBe(made); // read, not written again
        writeFileSync(file, 'not a code cache');
        expect(await start({}, [], () => readFileSync(file, 'latin1') !== 'not a code cache')).toEqual([name]); // started from source, and replaced it
        expect(readFileSync(file).length).toBeGreaterThan(100_000);
        // From the cache, what the bundle loads on demand still loads (--tls: node:https, selfsigned).
        expect(await start({}, ['--tls', '--data-dir', join(base, 'data')])).toEqual([name]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.skipIf(NODE_HAS_COMPILE_CACHE)(
    'the library on a Node without a compile cache loads its CommonJS bundle with a V8 code cache (decision 0051): written by the first process that starts an emulator, read by the next, a broken one replaced, none with NODE_DISABLE_COMPILE_CACHE=1 or source maps on; both entries share one copy (the testcontainers client throws the errors the main entry exports)',
    async () => {
      const base = mkdtempSync(join(tmpdir(), 'spm-lib-cache-'));
      const dir = join(base, 'solarproof-mock');
      const files = (): string[] => (existsSync(dir) ? readdirSync(dir) : []);
      const entry = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', ...path.split('/'))).href);
      // A start, then a client from the testcontainers entry (a container faked by what its class reads) whose waitFor times out.
      const run = (env: Record<string, string>): Promise<unknown> =>
        runModule(
          `
          const m = await import(${entry('index.js')});
          const tc = await import(${entry('testcontainers/index.js')});
          const emu = await m.startEmulator();
          const port = Number(new URL(emu.url).port);
          const started = new tc.StartedSolarProofMockContainer({ getHost: () => '127.0.0.1', getMappedPort: () => port }, emu.apiKey, undefined);
          const error = await started.getClient().deliveries.waitFor({ eventId: 'evt_none' }, { timeoutMs: 50 }).catch((e) => e);
          await emu.close();
          const mapped = (() => { try { m.parseScheduleFlag('x'); } catch (e) { return e.stack.includes('src/config/parse-schedule-flag.ts'); } })();
          console.log(JSON.stringify([error instanceof m.WaitForTimeoutError, error instanceof m.EmulatorError, error.name, mapped]));
        `,
          { NODE_COMPILE_CACHE: base, ...env },
        );
      const shared = [true, true, 'WaitForTimeoutError', false];
      try {
        expect(await run({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(shared);
        expect(files()).toEqual([]);
        expect(await run({})).toEqual(shared);
        const name = onlyCacheFile(files());
        const file = join(dir, name);
        const made = statSync(file).mtimeMs;
        expect(await run({})).toEqual(shared);
        expect(files()).toEqual([name]);
        expect(statSync(file).mtimeMs).toBe(made); // read, not written again
        writeFileSync(file, 'not a code cache');
        expect(await run({})).toEqual(shared);
        expect(readFileSync(file).length).toBeGreaterThan(100_000); // compiled from source, and replaced
        // Source maps asked for: the ES modules, whose stack traces Node maps to src/ (a vm script's it does not).
        expect(await run({ NODE_OPTIONS: '--enable-source-maps' })).toEqual([true, true, 'WaitForTimeoutError', true]);
        expect(files()).toEqual([name]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('import() + startEmulator(): undici is not loaded on the start path, nor for one delivery (the auto transport sends on node:http until a burst, decision 0037), nor faker (the world is built on first need, decision 0028), nor croner (the first cron expression loads it, decision 0051) nor node:zlib, worker_threads, assert or v8 (a gzip body loads zlib), nor the cold dependency files (decision 0038: the first JSON body loads iconv-lite\'s encodings, and a UTF-16 body decodes through them), and only the webhook reaches the receiver; a webhook is delivered; errors keep their names; the app mounts in a user\'s express', async () => {
    const entry = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
    const result = await runModule(`
      import http from 'node:http';
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const loaded = (name) => Object.keys(require.cache).some((f) => f.includes('/node_modules/' + name + '/'));
      const cold = () => Object.keys(require.cache).filter((f) => f.includes('/dist/bundle/cold/')).map((f) => f.split('/').pop()).sort();
      const m = await import(${JSON.stringify(entry)});
      const out = {};
      const received = [];
      const receiver = http.createServer((req, res) => { req.resume(); req.on('end', () => { received.push(req.url); res.end('ok'); }); });
      await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
      const emu = await m.startEmulator({ seed: 3 });
      out.undiciAtStart = loaded('undici');
      out.gotAtStart = loaded('got');
      out.fakerAtStart = loaded('@faker-js/faker');
      out.cronerAtStart = loaded('croner');
      out.builtinsAtStart = ['zlib', 'worker_threads', 'assert', 'v8'].filter((n) => process.moduleLoadList.includes('NativeModule ' + n));
      const health0 = await new Promise((r) => http.get(emu.url + '/_emulator/health', (res) => { res.resume(); res.on('end', () => r(res.statusCode)); }));
      out.coldAtStart = [health0, ...cold()];
      await emu.subscribe('http://127.0.0.1:' + receiver.address().port + '/hooks/customer_created', 'customer_created');
      const { events } = await emu.trigger('customer_created');
      const [d] = await emu.deliveries.waitFor({ eventId: events[0].id, state: 'delivered' }, { timeoutMs: 20000 });
      out.delivered = d.state;
      out.received = received;
      out.undiciAfter = loaded('undici');
      out.fakerAfter = loaded('@faker-js/faker');
      out.coldAfter = cold();
      const utf16 = Buffer.from(JSON.stringify({ delivery: { latency: { distribution: 'fixed', ms: 7 } } }), 'utf16le');
      out.utf16 = await new Promise((r) => {
        const req = http.request(emu.url + '/_emulator/config', { method: 'PATCH', headers: { 'content-type': 'application/json; charset=utf-16le' } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => r([res.statusCode, JSON.parse(body).delivery.latency.ms]));
        });
        req.end(utf16);
      });
      const { gzipSync } = await import('node:zlib');
      const gzipped = await fetch(emu.url + '/_emulator/config', { method: 'PATCH', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ delivery: { latency: { distribution: 'fixed', ms: 9 } } })) });
      out.gzip = [gzipped.status, (await gzipped.json()).delivery.latency.ms];
      out.scenarios = (await emu.scenarios.list()).map((s) => s.name);
      out.cron = [m.parseScheduleFlag('customer_created@cron(*/5 * * * * *)').cron, loaded('croner')];

      // The emulator's express app, mounted under a prefix in an app of the user's own express.
      const express = (await import('express')).default;
      const app = express();
      app.use('/mock', emu.emulator.app);
      const outer = app.listen(0, '127.0.0.1');
      await new Promise((r) => outer.once('listening', r));
      const health = await fetch('http://127.0.0.1:' + outer.address().port + '/mock/_emulator/health', { headers: { host: '127.0.0.1' } });
      out.mounted = [health.status, (await health.json()).status];
      outer.close();

      try { await m.startEmulator({ port: -1 }); } catch (e) {
        out.error = [e instanceof m.ConfigError, e instanceof m.EmulatorError, e.name, e.constructor.name, e.code];
      }
      await emu.close();
      receiver.close();
      console.log(JSON.stringify(out));
    `);
    expect(result).toEqual({
      undiciAtStart: false,
      gotAtStart: false,
      fakerAtStart: false,
      cronerAtStart: false,
      builtinsAtStart: [],
      gzip: [200, 9],
      coldAtStart: [200],
      delivered: 'delivered',
      received: ['/hooks/customer_created'],
      undiciAfter: false,
      fakerAfter: true,
      coldAfter: ['iconv-lite-encodings.cjs'],
      utf16: [200, 7],
      scenarios: expect.arrayContaining(['residential-journey']),
      cron: ['*/5 * * * * *', true],
      mounted: [200, 'ok'],
      error: [true, true, 'ConfigError', 'ConfigError', expect.any(String)],
    });
  }, 60_000);
});
