import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidAbn } from '../../src/world/abn.js';
import { runReplay } from '../../src/cli/replay.js';
import { parseCaptures } from '../../src/recording/capture-file.js';
import { exitCode, listeningUrl } from '../support/cli-process.js';
import { cliForTest, type OnTestFinished } from '../support/cli-per-test.js';
import { FAKE_HEADERS, FAKE_SENDS, sendAsSolarProof } from '../support/fake-solarproof.js';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../src/start-emulator.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

// Each test has its own relay process, receiver and emulator, ended by the test itself
// (onTestFinished), and waits on them: the tests run at the same time, each with 60 s (not the
// default 20), their process starts sharing the CPU.

async function receiver(done: OnTestFinished): Promise<TestReceiver> {
  const r = await startTestReceiver();
  done(() => r.close());
  return r;
}

/** An emulator for one test (as startForTest starts one), closed when that test ends. */
async function emulator(done: OnTestFinished, options: StartOptions): Promise<RunningEmulator> {
  const emu = await startEmulator(options);
  done(() => emu.close());
  return emu;
}

function text(): { write(s: string): boolean; value: () => string } {
  let all = '';
  return { write: (s: string) => ((all += s), true), value: () => all };
}

/** Runs the relay as a real process, sends the fake Solar Proof's bodies through it, stops it. */
async function record(done: OnTestFinished, args: string[]): Promise<{ file: string; answers: Array<{ status: number; body: string }> }> {
  const file = join(mkdtempSync(join(tmpdir(), 'spmock-rec-')), 'captures.jsonl');
  const relay = cliForTest(done, ['record', '--port', '0', '--out', file, ...args]);
  const url = await listeningUrl(relay);
  const answers = await sendAsSolarProof(url);
  relay.kill('SIGTERM');
  expect(await exitCode(relay)).toBe(0);
  return { file, answers };
}

describe.concurrent('record and replay', { timeout: 60_000 }, () => {
  it('records what the fake Solar Proof sent, forwards it unchanged, and hands back the target answer', async ({ onTestFinished: done }) => {
    const app = await receiver(done);
    app.setDefault({ status: 202, body: 'accepted', headers: { 'X-App': 'mine' } });
    const { file, answers } = await record(done, ['--forward-to', app.url]);
    expect(answers).toEqual(FAKE_SENDS.map(() => ({ status: 202, body: 'accepted' })));
    expect(app.requests.map((r) => [r.url, r.rawBody, r.headers['content-type'], r.headers['user-agent'], r.headers['x-fake-sender']])).toEqual(
      FAKE_SENDS.map((s) => [s.path, s.body, FAKE_HEADERS['Content-Type'], FAKE_HEADERS['User-Agent'], 'yes']),
    );
    const captures = parseCaptures(readFileSync(file, 'utf8'));
    expect(captures.map((c) => [c.type, c.method, `${c.path}${c.query ? `?${c.query}` : ''}`, c.body])).toEqual(
      FAKE_SENDS.map((s) => [s.path.split('?')[0]!.split('/').at(-1), 'POST', s.path, s.body]),
    );
    const answer = captures[0]!.answer!;
    expect('status' in answer && [answer.status, answer.body, answer.headers.find(([k]) => k.toLowerCase() === 'x-app')?.[1]]).toEqual([202, 'accepted', 'mine']);
    expect(answer.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('replays a capture file byte for byte with the same header values, in order; a non-2xx answer exits 1', async ({ onTestFinished: done }) => {
    const { file } = await record(done, []);
    const target = await receiver(done);
    const proc = cliForTest(done, ['replay', file, '--forward-to', target.url]);
    expect(await exitCode(proc)).toBe(0);
    expect(target.requests.map((r) => [r.method, r.url, Buffer.from(r.rawBody).equals(Buffer.from(FAKE_SENDS[target.requests.indexOf(r)]!.body))])).toEqual(
      FAKE_SENDS.map((s) => ['POST', s.path, true]),
    );
    for (const r of target.requests) {
      expect([r.headers['content-type'], r.headers['user-agent'], r.headers['x-fake-sender'], r.headers['content-length']]).toEqual([FAKE_HEADERS['Content-Type'], FAKE_HEADERS['User-Agent'], 'yes', String(Buffer.byteLength(r.rawBody))]);
    }
    target.clear();
    target.script('/hooks/project_email_sent', [{ status: 500 }]);
    const err = text();
    expect(await runReplay([file, '--forward-to', target.url], {}, text(), err)).toBe(1);
    expect(err.value()).toContain('#2 POST /hooks/project_email_sent -> 500');
    expect(err.value()).toContain('3 replayed: 2 ok, 1 not');
  });

  it('replays through the emulator: the same bytes and Content-Type reach the subscriber, and the retry after a scripted fault carries them again', async ({ onTestFinished: done }) => {
    const { file } = await record(done, []);
    const app = await receiver(done);
    const emu = await emulator(done, { delivery: { retry: { schedule: [10, 10] } } });
    for (const type of ['customer_created', 'project_email_sent', 'customer_status_change'] as const) await emu.subscribe(app.hookUrl(`/app/${type}`), type);
    const hookUrl = app.hookUrl('/app/project_email_sent');
    await emu.config.update({ delivery: { faults: { scripted: [{ hookUrl, outcomes: ['truncate', 'normal'] }] } } });
    app.setDefault((r) => (r.jsonError === undefined ? { status: 200 } : { status: 400, body: 'bad json' }));
    const err = text();
    expect(await runReplay([file, '--url', emu.url], {}, text(), err), err.value()).toBe(0);
    const sent = FAKE_SENDS[1]!.body;
    const attempts = app.requestsTo('/app/project_email_sent');
    expect(attempts.map((r) => r.rawBody === sent)).toEqual([false, true]);
    expect(attempts[0]!.rawBody).toBe(sent.slice(0, Math.ceil(sent.length / 2)));
    expect(attempts.map((r) => r.headers['content-type'])).toEqual([FAKE_HEADERS['Content-Type'], FAKE_HEADERS['Content-Type']]);
    expect(app.requestsTo('/app/customer_created').map((r) => r.rawBody)).toEqual([FAKE_SENDS[0]!.body]);
    const deliveries = await emu.deliveries.list({ type: 'project_email_sent' });
    expect(deliveries.map((d) => [d.source, d.state, d.attempts.length])).toEqual([['raw', 'delivered', 2]]);
  });

  it('--redact keeps the shapes and is consistent across captures, and leaves nothing of the originals in the file', async ({ onTestFinished: done }) => {
    const app = await receiver(done);
    const { file } = await record(done, ['--forward-to', app.url, '--redact', '--seed', '9']);
    // The forwarded requests are the originals: only the file is redacted.
    expect(app.requests.map((r) => r.rawBody)).toEqual(FAKE_SENDS.map((s) => s.body));
    const raw = readFileSync(file, 'utf8');
    for (const original of ['zoe.nguyen@example.com.au', 'Zo\\u00e9', 'Nguyen', '0412 345 678', '51 824 753 556', 'Wattle', 'Kirwan', 'sam.sales@sunco.com.au']) expect(raw).not.toContain(original);
    const captures = parseCaptures(raw);
    const bodies = captures.map((c) => JSON.parse(c.body) as unknown);
    const created = bodies[0] as Record<string, string>;
    const email = (bodies[1] as Array<Record<string, string>>)[0]!;
    const status = (bodies[2] as Array<Record<string, string>>)[0]!;
    // The same e-mail in three captures is one fake.
    expect(new Set([created.customer_email, email.customer_email, status.customer_email]).size).toBe(1);
    expect(status.changed_by).toBe(created.assigned_user_email);
    expect(Object.keys(created)).toEqual(Object.keys(JSON.parse(FAKE_SENDS[0]!.body) as object));
    expect(created.customer_email).toMatch(/^[a-z.]+@[a-z.]+\.com\.au$/);
    expect(created.customer_email).toHaveLength('zoe.nguyen@example.com.au'.length);
    expect(created.phone_primary).toMatch(/^04\d\d \d{3} \d{3}$/);
    expect(isValidAbn(created.abn!.replace(/ /g, ''))).toBe(true);
    expect(created.site_address).toMatch(/^\d\d [A-Z][a-z]{5} St, [A-Z][a-z]{5} QLD 4\d{3}, Australia$/);
    expect(created.lead_source).toBe('Web form');
    // PHP-style escaping and everything that is not personal stays byte for byte.
    expect(captures[1]!.body).toContain('"proposal_link":"https:\\/\\/solarproof.com.au\\/uploads\\/pdfs\\/849\\/proposal_849.pdf"');
    expect(captures.every((c) => c.redacted === true)).toBe(true);
    expect(captures.map((c) => c.headers.find(([k]) => k === 'Content-Length')?.[1])).toEqual(captures.map((c) => String(Buffer.byteLength(c.body))));
  });

  it('a truncated line stops the replay with its line number, before anything is sent', async ({ onTestFinished: done }) => {
    const { file } = await record(done, []);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 40)}\n`);
    const target = await receiver(done);
    const err = text();
    expect(await runReplay([file, '--forward-to', target.url], {}, text(), err)).toBe(2);
    expect(err.value()).toContain(`${file}:3: not JSON`);
    expect(target.requests).toHaveLength(0);
  });
});
