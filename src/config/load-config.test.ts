import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-config-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function ok(result: ReturnType<typeof loadConfig>) {
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = ok(loadConfig({ overrides: { seed: 3 } }));
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4477,
      seed: 3,
      payloadVersion: 'v2',
      strictHookUrls: false,
      timeScale: 1,
      delivery: { timeoutMs: 5000, latency: { distribution: 'none' }, faults: { drop: 0, duplicate: 0, reorder: 0 } },
    });
    expect(config.accounts.map((a) => a.apiKey)).toEqual(['sp_test_key']);
    // Sized for a 2 GB CI runner with a failing receiver (docs/delivery.md#back-pressure); no public hook host allowed.
    expect(config.delivery.maxPending).toBe(20_000);
    expect(config.delivery.allowedHookHosts).toEqual([]);
  });

  it('layers defaults < file < env < flags < options', () => {
    const file = configFile({ port: 1111, host: '0.0.0.0', payloadVersion: 'v1', seed: 5, delivery: { timeoutMs: 100 } });
    const fileOnly = ok(loadConfig({ file }));
    expect([fileOnly.port, fileOnly.host, fileOnly.payloadVersion, fileOnly.delivery.timeoutMs]).toEqual([1111, '0.0.0.0', 'v1', 100]);
    const withEnv = ok(loadConfig({ file, env: { SPMOCK_PORT: '2222', SPMOCK_PAYLOAD_VERSION: 'v2' } }));
    expect([withEnv.port, withEnv.host, withEnv.payloadVersion]).toEqual([2222, '0.0.0.0', 'v2']);
    const withFlags = ok(loadConfig({ file, env: { SPMOCK_PORT: '2222' }, flags: { port: '3333' } }));
    expect(withFlags.port).toBe(3333);
    const withOptions = ok(loadConfig({ file, env: { SPMOCK_PORT: '2222' }, flags: { port: '3333' }, overrides: { port: 0 } }));
    expect(withOptions.port).toBe(0);
    expect(withOptions.delivery.timeoutMs).toBe(100);
  });

  it('reads the config file named by SPMOCK_CONFIG, and --config over it', () => {
    const a = configFile({ port: 1 });
    const b = configFile({ port: 2 });
    expect(ok(loadConfig({ env: { SPMOCK_CONFIG: a } })).port).toBe(1);
    expect(ok(loadConfig({ env: { SPMOCK_CONFIG: a }, flags: { config: b } })).port).toBe(2);
  });

  it('turns API keys from env and flags into one account each, replacing the default', () => {
    const fromEnv = ok(loadConfig({ env: { SPMOCK_API_KEYS: 'k1, k2' } }));
    expect(fromEnv.accounts.map((a) => [a.apiKey, a.userId])).toEqual([['k1', 1001], ['k2', 1002]]);
    const fromFlags = ok(loadConfig({ env: { SPMOCK_API_KEYS: 'k1' }, flags: { 'api-key': ['x', 'sp_test_key'] } }));
    expect(fromFlags.accounts.map((a) => a.apiKey)).toEqual(['x', 'sp_test_key']);
    expect(fromFlags.accounts[1]?.companyName).toBe('Sunrise Solar Pty Ltd');
  });

  it('lists every problem by path and source, at once', () => {
    const file = configFile({ delivery: { timeoutMs: 'soon', latency: { distribution: 'sometimes' } }, colour: 'red' });
    const result = loadConfig({ file, env: { SPMOCK_PORT: 'abc' }, flags: { 'payload-version': 'v3' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'port: expected a number, got "abc" (from SPMOCK_PORT)',
        'payloadVersion: expected one of "v1", "v2", got "v3" (from --payload-version)',
        `delivery.timeoutMs: expected a number, got "soon" (from config file ${file})`,
        expect.stringMatching(/^delivery\.latency\.distribution: expected one of "none", "fixed", .*got "sometimes"/),
        `(root): unknown key "colour" (from config file ${file})`,
      ]),
    );
    expect(result.problems).toHaveLength(5);
  });

  it('reports a missing or malformed config file', () => {
    const missing = loadConfig({ file: '/nonexistent/spmock.json' });
    expect(missing.ok || missing.problems).toEqual(['config file /nonexistent/spmock.json: cannot be read (ENOENT)']);
    const bad = loadConfig({ file: configFile('{"port": ') });
    expect(bad.ok || bad.problems[0]).toMatch(/not valid JSON/);
    const arr = loadConfig({ file: configFile('[1]') });
    expect(arr.ok || arr.problems[0]).toMatch(/expected a JSON object/);
  });

  it('picks a seed when none is given and says so', () => {
    const result = loadConfig({});
    expect(result.ok && result.seedWasPicked).toBe(true);
    expect(result.ok && Number.isInteger(result.config.seed)).toBe(true);
    const given = loadConfig({ env: { SPMOCK_SEED: '42' } });
    expect(given.ok && [given.config.seed, given.seedWasPicked]).toEqual([42, false]);
  });

  it('reads --schedule and SPMOCK_SCHEDULES into schedules, and --scenarios into scenarios.dirs', () => {
    const fromFlags = ok(loadConfig({ flags: { schedule: ['customer_created@5s', 'project_sms_sent@30/min'], scenarios: ['/tmp/a', '/tmp/b'] } }));
    expect(fromFlags.schedules).toEqual([
      expect.objectContaining({ type: 'customer_created', everyMs: 5000 }),
      expect.objectContaining({ type: 'project_sms_sent', ratePerMinute: 30 }),
    ]);
    expect(fromFlags.scenarios.dirs).toEqual(['/tmp/a', '/tmp/b']);
    const fromEnv = ok(loadConfig({ env: { SPMOCK_SCHEDULES: 'customer_created@1s; recent_draft_project@2s', SPMOCK_SCENARIOS: '/x,/y' } }));
    expect(fromEnv.schedules.map((s) => s.everyMs)).toEqual([1000, 2000]);
    expect(fromEnv.scenarios.dirs).toEqual(['/x', '/y']);
  });

  it('reports a bad --schedule together with the other problems', () => {
    const result = loadConfig({ flags: { schedule: ['customer_created@soon'], port: 'x' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/^schedules: Invalid schedule "customer_created@soon".*\(from --schedule\)$/s);
  });

  it('reads --delivery-timeout and --retry-schedule (and their env vars), "none" meaning no retries', () => {
    const flags = ok(loadConfig({ flags: { 'delivery-timeout': '250', 'retry-schedule': '10,20, 40' } }));
    expect([flags.delivery.timeoutMs, flags.delivery.retry.schedule]).toEqual([250, [10, 20, 40]]);
    const env = ok(loadConfig({ env: { SPMOCK_RETRY_SCHEDULE: 'none', SPMOCK_DELIVERY_TIMEOUT_MS: '900' } }));
    expect([env.delivery.timeoutMs, env.delivery.retry.schedule]).toEqual([900, []]);
    const bad = loadConfig({ flags: { 'retry-schedule': '10,soon' } });
    expect(bad.ok || bad.problems).toEqual(['delivery.retry.schedule.1: expected a number, got "soon" (from --retry-schedule)']);
  });
});
