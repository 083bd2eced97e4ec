import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harSchema, type Har } from '../../src/contract/har-schemas.js';
import { createClient } from '../../src/index.js';
import { cli, exitCode, listeningUrl } from '../support/cli-process.js';
import { harProblems } from '../support/har-validator.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

describe('GET /_emulator/deliveries?format=har', () => {
  it('answers HAR 1.2 with one entry per attempt: the request as sent, the status and kept body, timings; filters apply', async () => {
    const emu = await startForTest({ seed: 4, delivery: { retry: { schedule: [10] } } });
    const receiver = await startTestReceiver();
    try {
      receiver.script('/hook', [{ status: 503, body: 'try later' }, { status: 200, body: { ok: true } }]);
      await emu.subscribe(receiver.hookUrl('/hook?token=abc'), 'customer_created');
      await emu.subscribe('http://127.0.0.1:9/refused', 'customer_created');
      const { deliveries } = await emu.trigger('customer_created');
      await emu.deliveries.waitFor({ hookUrl: receiver.hookUrl('/hook?token=abc'), state: 'delivered' }, { timeoutMs: 10_000 });
      await emu.deliveries.waitFor({ state: 'failed' }, { timeoutMs: 10_000 });

      const res = await fetch(`${emu.url}/_emulator/deliveries?format=har`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const har = (await res.json()) as Har;
      expect(harProblems(har)).toEqual([]);
      // The validator is real: an entry without its timings is not HAR.
      expect(harProblems({ log: { ...har.log, entries: [{ ...har.log.entries[0], timings: undefined }] } })).not.toEqual([]);
      expect(harSchema.safeParse(har).success).toBe(true);
      expect(har.log.version).toBe('1.2');
      expect(har.log.entries).toHaveLength(1 + 2 + 1); // refused x2 (one retry), hook 503 then 200

      const toHook = har.log.entries.filter((e) => e.request.url === receiver.hookUrl('/hook?token=abc'));
      expect(toHook.map((e) => [e._attempt, e.response.status, e.response.content.text])).toEqual([
        [1, 503, 'try later'],
        [2, 200, '{"ok":true}'],
      ]);
      const sent = receiver.requestsTo('/hook');
      expect(toHook[0]!.request.postData!.text).toBe(sent[0]!.rawBody);
      expect(toHook[0]!.request.queryString).toEqual([{ name: 'token', value: 'abc' }]);
      const header = (name: string) => toHook[0]!.request.headers.find((h) => h.name.toLowerCase() === name)?.value;
      expect(header('content-type')).toBe(sent[0]!.headers['content-type']);
      expect(header('user-agent')).toBe(sent[0]!.headers['user-agent']);
      expect(header('content-length')).toBe(sent[0]!.headers['content-length']);
      expect(toHook[1]!.timings.wait).toBe(toHook[1]!.time);
      expect(toHook.every((e) => e._deliveryId === deliveries.find((id) => id === e._deliveryId))).toBe(true);

      const refused = har.log.entries.filter((e) => e.request.url === 'http://127.0.0.1:9/refused');
      expect(refused.map((e) => [e.response.status, e._outcome])).toEqual([
        [0, 'connection_refused'],
        [0, 'connection_refused'],
      ]);
      expect(refused[0]!.response._error).toBeTruthy();

      const failedOnly = await createClient(emu.url).deliveries.har({ state: 'failed' });
      expect(harProblems(failedOnly)).toEqual([]);
      expect(failedOnly.log.entries.map((e) => e.request.url)).toEqual(['http://127.0.0.1:9/refused', 'http://127.0.0.1:9/refused']);

      const bad = await fetch(`${emu.url}/_emulator/deliveries?format=xml`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('format must be \\"json\\" or \\"har\\"');
    } finally {
      await receiver.close();
    }
  });

  it('shows a request fault as sent (a wrong Content-Type, a truncated body)', async () => {
    const emu = await startForTest({ seed: 4, delivery: { retry: { schedule: [] }, faults: { wrongContentType: 1 } } });
    const receiver = await startTestReceiver();
    try {
      await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
      await emu.trigger('customer_created');
      await emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 10_000 });
      const [entry] = (await emu.deliveries.har()).log.entries;
      const [sent] = receiver.requestsTo('/hook');
      expect(entry!._fault).toBe('wrongContentType');
      expect(entry!.request.postData!.mimeType).toBe(sent!.headers['content-type']);
      expect(entry!.request.postData!.text).toBe(sent!.rawBody);
    } finally {
      await receiver.close();
    }
  });
});

describe('GET /_emulator/deliveries?format=har with an exact body', () => {
  it("shows a trigger's own contentType as sent, not application/json", async () => {
    const emu = await startForTest({ seed: 4, delivery: { retry: { schedule: [] } } });
    const receiver = await startTestReceiver();
    try {
      await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
      await emu.trigger('customer_created', { rawBody: 'id=1&name=Zo%C3%AB', contentType: 'application/x-www-form-urlencoded' });
      await emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 10_000 });
      const [entry] = (await emu.deliveries.har()).log.entries;
      const [sent] = receiver.requestsTo('/hook');
      expect(sent!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(entry!.request.postData!.mimeType).toBe('application/x-www-form-urlencoded');
      expect(entry!.request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value).toBe('application/x-www-form-urlencoded');
      expect(entry!.request.postData!.text).toBe(sent!.rawBody);
    } finally {
      await receiver.close();
    }
  });
});

describe('--export-har-on-exit FILE', () => {
  it('writes the journal as HAR 1.2 when the emulator stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-har-'));
    const file = join(dir, 'deliveries.har');
    const receiver = await startTestReceiver();
    try {
      const child = cli(['--port', '0', '--seed', '2', '--export-har-on-exit', file]);
      const url = await listeningUrl(child);
      const sp = createClient(url);
      await sp.subscribe(receiver.hookUrl('/hook'), 'customer_created');
      await sp.trigger('customer_created', { count: 2 });
      await sp.deliveries.waitFor({ state: 'delivered' }, { min: 2, timeoutMs: 10_000 });
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
      const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
      expect(harProblems(har)).toEqual([]);
      expect(har.log.entries).toHaveLength(2);
      expect(har.log.entries.map((e) => e.request.postData!.text).sort()).toEqual(receiver.requestsTo('/hook').map((r) => r.rawBody).sort());
    } finally {
      await receiver.close();
    }
  });
});
