import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli-process.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const receivers: TestReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe('the bin settles the heap after a burst (real process)', { timeout: 60_000 }, () => {
  it('after 1 000 deliveries have gone quiet, logs one compacting collection, and the heap it leaves is no bigger', async () => {
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    const child = cli(['--port', '0'], { SPMOCK_LOG_LEVEL: 'debug', SPMOCK_LOG_FORMAT: 'json' });
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on('line', (l) => {
      lines.push(l);
      for (const w of waiters.splice(0)) w();
    });
    const lineMatching = async (text: string): Promise<string> => {
      for (;;) {
        const found = lines.find((l) => l.includes(text));
        if (found !== undefined) return found;
        if (child.exitCode !== null) throw new Error(`the CLI exited before logging "${text}"`);
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const url = (await lineMatching('listening on')).replace(/.*listening on /, '').trim();

    expect(await post(`${url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { hookUrl: receiver.hookUrl('/hook'), type_request: 'customer_created' })).toBe(200);
    expect(await post(`${url}/_emulator/events`, { type: 'customer_created', count: 1000 })).toBe(200);
    await receiver.waitFor(1000, { timeoutMs: 30_000 });

    const settled = JSON.parse(await lineMatching('heap settled after a burst')) as { heapTotalMiB: [number, number]; heapUsedMiB: [number, number]; ms: number; rounds: number };
    const [totalBefore, totalAfter] = settled.heapTotalMiB;
    expect(totalAfter).toBeLessThanOrEqual(totalBefore);
    expect(settled.heapUsedMiB[1]).toBeLessThanOrEqual(settled.heapUsedMiB[0]);
    expect(settled.rounds).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.includes('heap settled'))).toHaveLength(1);
  });
});
