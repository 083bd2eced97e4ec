import { Agent, get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { eventually, exitCode, listeningUrl } from '../support/cli-process.js';
import { cliForTest, type OnTestFinished } from '../support/cli-per-test.js';

// Each test starts its own emulator process, ended by the test itself (onTestFinished). The first
// three run at the same time: the two light ones wait on their child while the first floods its
// own. The SIGTERM test floods too, so it runs after them, alone: two floods side by side took
// it past its 60 s timeout beside other work (load average 27).
/**
 * A GET through node:http on kept-alive connections (at most 8), resolving with the status once
 * the body is read. The floods below send thousands of requests: through fetch each cost this
 * worker ~3x the CPU (3000 requests from 8 at a time: ~2.8 s against ~0.9 s, decision 0039).
 */
function keepAliveGet(onTestFinished: OnTestFinished): (url: string) => Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  onTestFinished(() => agent.destroy());
  return (url) =>
    new Promise((resolve, reject) => {
      get(url, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      }).on('error', reject);
    });
}

describe.concurrent('logs never block', () => {
  it('an emulator whose stdout is never read answers 3000 requests, counts the dropped lines and says so once the pipe drains', async ({ onTestFinished }) => {
    const child = cliForTest(onTestFinished, ['--port', '0', '--seed', '1'], { SPMOCK_LOG_LEVEL: 'info', SPMOCK_LOG_FORMAT: 'json' });
    const url = await listeningUrl(child);
    // ~1.1 kB of log line per request: 3000 of them are far more than the pipe and the log buffer hold.
    const pad = 'x'.repeat(1000);
    const send = keepAliveGet(onTestFinished);
    let answered = 0;
    const worker = async (): Promise<void> => {
      while (answered < 3000) {
        answered++;
        expect(await send(`${url}/_emulator/subscriptions?hookUrl=${pad}`)).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(answered).toBeGreaterThanOrEqual(3000);
    const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as { logs: { dropped: number } };
    expect(stats.logs.dropped).toBeGreaterThan(0);

    // Now read stdout: once it drains, one warning names how many lines were lost.
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stdout!.resume();
    const warning = await eventually(
      async () => out.split('\n').find((l) => l.includes('log lines were dropped')),
      30_000,
      'the dropped-lines warning',
    );
    const record = JSON.parse(warning) as { level: number; dropped: number };
    expect(record.level).toBe(40);
    expect(record.dropped).toBeGreaterThan(0);
  }, 120_000);

  it('health checks log at debug, not info', async ({ onTestFinished }) => {
    const child = cliForTest(onTestFinished, ['--port', '0', '--seed', '1'], { SPMOCK_LOG_LEVEL: 'info', SPMOCK_LOG_FORMAT: 'json' });
    const url = await listeningUrl(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stdout!.resume();
    await (await fetch(`${url}/_emulator/health`)).arrayBuffer();
    await (await fetch(`${url}/_emulator/config`)).arrayBuffer();
    await eventually(async () => (out.includes('/_emulator/config') ? true : undefined), 30_000, 'the config request line');
    expect(out).not.toContain('/_emulator/health');
  }, 60_000);

  it('masks every API key in every line: the start-up line and a percent-encoded api%5Fkey in a request line', async ({ onTestFinished }) => {
    const key = 'k_secret_live_7731';
    const child = cliForTest(onTestFinished, ['--port', '0', '--seed', '1', '--api-key', key], { SPMOCK_LOG_LEVEL: 'info', SPMOCK_LOG_FORMAT: 'json' });
    // Listening from the first byte: the start-up line may come in the same chunk as the URL line.
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const url = await listeningUrl(child);
    child.stdout!.resume();
    const res = await fetch(`${url}/apidata.php?action=getallcustomers&api%5Fkey=${key}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await eventually(async () => (out.includes('getallcustomers') && out.includes('"apiKeys"') ? true : undefined), 30_000, 'the start-up and request lines');
    expect(out).toContain('"apiKeys":["k_s…31"]');
    expect(out).not.toContain(key);
  }, 60_000);

  it.sequential('stops on SIGTERM even when stdout is full and never read (what is left is dropped, not waited for)', async ({ onTestFinished }) => {
    const child = cliForTest(onTestFinished, ['--port', '0', '--seed', '1'], { SPMOCK_LOG_LEVEL: 'info', SPMOCK_LOG_FORMAT: 'json' });
    const url = await listeningUrl(child);
    const pad = 'x'.repeat(1000);
    // 1500 requests from 4 at a time (each logs ~1.1 kB: more than the pipe and the log buffer hold).
    const send = keepAliveGet(onTestFinished);
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < 1500) {
        sent++;
        await send(`${url}/_emulator/subscriptions?hookUrl=${pad}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  }, 60_000);
});
