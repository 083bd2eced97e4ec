import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cliForTest, type OnTestFinished } from '../support/cli-per-test.js';

async function run(done: OnTestFinished, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cliForTest(done, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  // 'close', not 'exit': a process can exit before its last output has been read (seen at load 20,
  // an empty stderr from a CLI that had exited 2).
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      rl.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)));
  });
}


// Each test starts its own processes and ends them itself (onTestFinished): they run at the same
// time. Side by side their starts share the CPU, so each has 60 s, not the default 20.
describe.concurrent('solarproof-mock CLI', { timeout: 60_000 }, () => {
  it('--help lists every flag with its env var and default', async ({ onTestFinished: done }) => {
    const { code, stdout } = await run(done, ['--help']);
    expect(code).toBe(0);
    for (const text of ['--port <n>', 'SPMOCK_PORT', '(default: 4477)', '--api-key', 'SPMOCK_API_KEYS', '--payload-version', '(default: v2)', '--config', '--seed']) {
      expect(stdout).toContain(text);
    }
  });

  it('--port 0 picks a free port, prints the URL first, serves, and stops cleanly on SIGTERM', async ({ onTestFinished: done }) => {
    const child = cliForTest(done, ['--port', '0', '--seed', '1']);
    const line = await firstLine(child);
    expect(line).toMatch(/^solarproof-mock listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace('solarproof-mock listening on ', '');
    const health = await fetch(`${url}/_emulator/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const sub = await fetch(`${url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
      method: 'POST',
      body: JSON.stringify({ hookUrl: 'http://127.0.0.1:9/h', type_request: 'customer_created' }),
    });
    expect(await sub.json()).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });

  it('exits 2 listing every bad flag and value', async ({ onTestFinished: done }) => {
    const { code, stderr, stdout } = await run(done, ['--port', 'abc', '--payload-version', 'v3', '--colour', 'red']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('port: expected a number, got "abc" (from --port)');
    expect(stderr).toContain('payloadVersion: expected one of "v1", "v2", got "v3" (from --payload-version)');
    expect(stderr).toContain('unknown flag --colour (see --help)');
  });

  it('exits 2 naming each problem in a bad config file', async ({ onTestFinished: done }) => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ delivery: { timeoutMs: 'x', retry: { schedule: [-1] } }, strictHookUrls: 'yes' }));
    const { code, stderr } = await run(done, ['--config', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('delivery.timeoutMs: expected a number, got "x"');
    expect(stderr).toContain('delivery.retry.schedule.0:');
    expect(stderr).toContain('strictHookUrls: expected a boolean, got "yes"');
  });

  it('takes its settings from SPMOCK_* env vars', async ({ onTestFinished: done }) => {
    const child = cliForTest(done, [], { SPMOCK_PORT: '0', SPMOCK_API_KEYS: 'env_key', SPMOCK_PAYLOAD_VERSION: 'v1' });
    const url = (await firstLine(child)).replace('solarproof-mock listening on ', '');
    const config = (await (await fetch(`${url}/_emulator/config`)).json()) as { payloadVersion: string; accounts: Array<{ apiKey: string }> };
    expect(config.payloadVersion).toBe('v1');
    expect(config.accounts.map((a) => a.apiKey)).toEqual(['env_key']);
    child.kill('SIGTERM');
  });

  it('exits 1 with a clear message when the port is taken', async ({ onTestFinished: done }) => {
    // Anything listening on the CLI's address takes the port; a server in this process costs no
    // second CLI start (~1 s of CPU, decision 0039).
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    done(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;
    const { code, stderr } = await run(done, ['--port', String(port)]);
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is already in use`);
  });
});
