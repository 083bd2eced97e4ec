import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { checkReportSchema } from '../../src/contract/check-schemas.js';
import { startEmulator } from '../../src/start-emulator.js';
import { cli, exitCode } from '../support/cli-process.js';
import { correctReceiver, docsExampleReceiver, serve } from './check-receivers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sink = () => {
  let text = '';
  return { write: (t: string) => (text += t), get text() { return text; } };
};

describe('solarproof-mock check (CLI)', () => {
  it('exits 2 in under 2 s with one line when nothing listens at --forward-to', { timeout: 60_000 }, async () => {
    const port = await closedPort();
    const out = sink();
    const err = sink();
    const started = Date.now();
    const code = await runCheck(['--forward-to', `http://127.0.0.1:${port}/webhooks/{type}`], {}, out, err);
    expect(code).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.text.trim().split('\n')).toHaveLength(1);
    expect(err.text).toContain(`nothing is listening at 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(out.text).toBe('');
  });

  it('exits 2 for bad flags, naming the flag', { timeout: 60_000 }, async () => {
    const err = sink();
    expect(await runCheck(['--forward-to', 'http://127.0.0.1:1/x', '--versions', 'v3'], {}, sink(), err)).toBe(2);
    expect(err.text).toContain('--versions takes a comma-separated list of v1, v2; got "v3"');
    expect(await runCheck([], {}, sink(), sink())).toBe(2);
  });

  it('exits 0 against the README receiver, as a real process, writing a JUnit file that parses and matches the JSON report', { timeout: 60_000 }, async () => {
    const receiver = await serve(correctReceiver());
    const dir = mkdtempSync(join(tmpdir(), 'spm-check-'));
    dirs.push(dir);
    const child = cli(['check', '--forward-to', `${receiver}/webhooks/solarproof/{type}`, '--timeout', '5000', '--junit', join(dir, 'r.xml'), '--json', join(dir, 'r.json')]);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    expect(await exitCode(child)).toBe(0);
    expect(stdout).toMatch(/PASSED: 26 passed, 0 failed, 0 skipped/);
    const report = checkReportSchema.parse(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
    expect(Number(suite['@_tests'])).toBe(report.cases.length);
    expect(Number(suite['@_failures'])).toBe(report.summary.failed);
    expect(Number(suite['@_skipped'])).toBe(report.summary.skipped);
    expect(suite.testcase).toHaveLength(report.cases.length);
  });

  it('exits 1 against the docs example receiver, and the JUnit failures carry the reasons', { timeout: 60_000 }, async () => {
    const receiver = await serve(docsExampleReceiver());
    const dir = mkdtempSync(join(tmpdir(), 'spm-check-'));
    dirs.push(dir);
    const out = sink();
    const code = await runCheck(['--forward-to', `${receiver}/webhooks/solarproof`, '--timeout', '5000', '--junit', join(dir, 'r.xml')], {}, out, sink());
    expect(code).toBe(1);
    expect(out.text).toContain('FAIL  subscription/one-url-per-type');
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const cases = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite.testcase as { failure?: { '@_message': string } }[];
    const failures = cases.filter((c) => c.failure).map((c) => c.failure!['@_message']);
    expect(failures).toHaveLength(2);
    expect(failures.join('\n')).toContain('before the body had arrived');
  });
});

describe('receiver check over the control API and the client', () => {
  it('POST /_emulator/checks answers 202, GET gives the report, /junit gives XML', { timeout: 60_000 }, async () => {
    const receiver = await serve(correctReceiver());
    const sp = await startEmulator({ seed: 5, logLevel: 'silent' });
    try {
      const started = await fetch(`${sp.url}/_emulator/checks`, { method: 'POST', body: JSON.stringify({ forwardTo: `${receiver}/webhooks/solarproof/{type}`, types: ['customer_created'], versions: ['v2'], timeoutMs: 5000 }) });
      expect(started.status).toBe(202);
      const { id, state } = (await started.json()) as { id: string; state: string };
      expect(state).toBe('running');
      expect(started.headers.get('location')).toBe(`/_emulator/checks/${id}`);
      const report = await sp.checks.run({ forwardTo: `${receiver}/webhooks/solarproof/{type}`, types: ['customer_created'], versions: ['v2'], timeoutMs: 5000 });
      expect(report.state).toBe('passed');
      expect(report.cases.find((c) => c.id === 'order/older-after-newer')).toMatchObject({ state: 'skipped', reason: 'customer_status_change is not among the checked types' });
      const delivered = await sp.deliveries.get(report.cases[0]!.deliveries[0]!);
      expect(delivered).toMatchObject({ type: 'customer_created', state: 'delivered', subscriptionId: report.id });
      const junit = await fetch(`${sp.url}/_emulator/checks/${report.id}/junit`);
      expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(XMLValidator.validate(await junit.text())).toBe(true);
      const missing = await fetch(`${sp.url}/_emulator/checks/chk_999`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('UNKNOWN_CHECK');
      const bad = await fetch(`${sp.url}/_emulator/checks`, { method: 'POST', body: JSON.stringify({ forwardTo: 'not a url' }) });
      expect(bad.status).toBe(400);
    } finally {
      await sp.close();
    }
  });
});
