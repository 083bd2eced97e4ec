import { describe, expect, it } from 'vitest';
import { ConfigStore } from './config-store.js';
import { loadConfig } from './load-config.js';

function store(): ConfigStore {
  const loaded = loadConfig({ env: {}, overrides: { seed: 1 } });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return new ConfigStore(loaded.config);
}

function problemsOf(patch: unknown): string[] {
  const result = store().update(patch);
  return result.ok ? [] : result.problems;
}

describe('ConfigStore.update refuses values that would break every delivery or lift a limit', () => {
  it.each([
    ['CR/LF', 'spmock\r\nX-Injected: 1'],
    ['NUL', 'spmock\u0000'],
    ['a character outside Latin-1', 'spmock ☀'],
  ])('delivery.userAgent with %s', (_what, userAgent) => {
    expect(problemsOf({ delivery: { userAgent } })).toEqual([expect.stringContaining('delivery.userAgent: ')]);
  });

  it('keeps a printable User-Agent, Latin-1 included', () => {
    expect(problemsOf({ delivery: { userAgent: 'MyApp-Tests/1.0 (café)' } })).toEqual([]);
  });

  it('api.maxBodyBytes above 64 MiB', () => {
    expect(problemsOf({ api: { maxBodyBytes: 1e15 } })).toEqual([expect.stringContaining('api.maxBodyBytes: ')]);
    expect(problemsOf({ api: { maxBodyBytes: 64 * 1024 * 1024 } })).toEqual([]);
  });

  it.each([
    [{ world: { templatesFile: '/tmp/templates.json' } }, 'world.templatesFile: can only be set at start-up'],
    [{ world: { customersFile: '/tmp/customers.json' } }, 'world.customersFile: can only be set at start-up'],
    [{ scenarios: { dirs: ['/tmp/scenarios'] } }, 'scenarios.dirs: can only be set at start-up'],
  ])('%j: read only at start-up, so refused at run time (GET /_emulator/config keeps describing what is loaded)', (patch, problem) => {
    const s = store();
    const before = s.get();
    const result = s.update(patch);
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining(problem)] });
    expect(s.get()).toBe(before);
  });
});
