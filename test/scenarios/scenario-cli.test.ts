import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/cli/scenario.js';
import { serve } from '../../src/cli/serve.js';
import { startForTest } from '../support/start.js';

function capture() {
  const out = { text: '', write: (t: string) => (out.text += t) };
  const err = { text: '', write: (t: string) => (err.text += t) };
  return { out, err };
}

describe('solarproof-mock scenario', () => {
  it('runs a scenario on a running emulator and prints each step', async () => {
    const emu = await startForTest({ timeScale: 0.0001 });
    const { out, err } = capture();
    const code = await runScenario(['cold-lead', '--url', emu.url], {}, out, err);
    expect(err.text).toBe('');
    expect(code).toBe(0);
    expect(out.text).toMatch(/^cold-lead: completed \(run_1, v2, account sp_test_key\), customer \d+, projects \d+\n/);
    expect(out.text).toContain('   0  customer_created         done     evt_1');
    expect(out.text).toContain('7 events, 0 deliveries');
  });

  it('prints the run as JSON with --json, reading the URL from SPMOCK_URL', async () => {
    const emu = await startForTest({ timeScale: 0.0001, payloadVersion: 'v1' });
    const { out, err } = capture();
    expect(await runScenario(['residential-journey', '--json'], { SPMOCK_URL: emu.url }, out, err)).toBe(0);
    const run = JSON.parse(out.text);
    expect(run).toMatchObject({ scenario: 'residential-journey', state: 'completed', payloadVersion: 'v1' });
    expect(run.events.at(-1).type).toBe('customer_status_change');
  });

  it('lists scenarios with --list', async () => {
    const emu = await startForTest();
    const { out, err } = capture();
    expect(await runScenario(['--list', '--url', emu.url], {}, out, err)).toBe(0);
    expect(out.text.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['cold-lead', 'commercial-multi-project', 'residential-journey']);
  });

  it('exits 1 with the emulator\'s message for an unknown scenario, and 2 for bad usage', async () => {
    const emu = await startForTest();
    const a = capture();
    expect(await runScenario(['nope', '--url', emu.url], {}, a.out, a.err)).toBe(1);
    expect(a.err.text).toContain('UNKNOWN_SCENARIO: Unknown scenario "nope". Known scenarios: cold-lead');
    const b = capture();
    expect(await runScenario([], {}, b.out, b.err)).toBe(2);
    expect(b.err.text).toContain('give one scenario name, or --list');
    const c = capture();
    expect(await runScenario(['x', '--colour'], {}, c.out, c.err)).toBe(2);
  });

  it('exits 1 saying so when no emulator answers', async () => {
    const { out, err } = capture();
    expect(await runScenario(['cold-lead', '--url', 'http://127.0.0.1:9'], {}, out, err)).toBe(1);
    expect(err.text).toContain('cannot reach the emulator at http://127.0.0.1:9');
  });
});

describe('solarproof-mock serve with bad scenario files or schedules', () => {
  async function serveErrors(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      return { code: await serve(['--port', '0', ...argv], { SPMOCK_LOG_LEVEL: 'silent', ...env }), stderr };
    } finally {
      spy.mockRestore();
    }
  }

  it('exits 2 listing each scenario file problem, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spmock-bad-scenarios-'));
    writeFileSync(join(dir, 'upsell.json'), JSON.stringify({ description: 'x', steps: [{ type: 'customer_created' }, { type: 'recent_draft_project', delayMs: 'soon' }] }));
    const { code, stderr } = await serveErrors(['--scenarios', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('invalid configuration, nothing started');
    expect(stderr).toContain('upsell.json: steps[1].delayMs: expected a number, got "soon"');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming a --schedule whose apiKey is not configured', async () => {
    const { code, stderr } = await serveErrors(['--schedule', 'project_sms_sent@2/s,apiKey=sp_other']);
    expect(code).toBe(2);
    expect(stderr).toContain('schedules.0: Unknown apiKey "sp_other". Configured keys: sp_test_key.');
  });
});
