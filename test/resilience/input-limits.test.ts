import { describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';

const LEVELS = 10_000;
const deepObject = (n: number, leaf = '1'): string => `${'{"a":'.repeat(n)}${leaf}${'}'.repeat(n)}`;
const deepArray = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

async function send(url: string, method: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('input limits: JSON nesting', () => {
  it(`the control API answers ${LEVELS}-level bodies with 400 INVALID_BODY, on every route that reads one`, async () => {
    const emu = await startForTest();
    const cases: Array<[string, string, string]> = [
      ['POST', '/_emulator/events', `{"type":"customer_created","overrides":${deepObject(LEVELS)}}`],
      ['PATCH', '/_emulator/config', `{"delivery":${deepObject(LEVELS)}}`],
      ['PATCH', '/_emulator/config', deepArray(LEVELS)],
      ['POST', '/_emulator/schedules', `{"type":"customer_created","everyMs":1000,"overrides":${deepObject(LEVELS)}}`],
    ];
    for (const [method, path, body] of cases) {
      const { status, json } = await send(`${emu.url}${path}`, method, body);
      expect(status, `${method} ${path}`).toBe(400);
      expect(json.code).toBe('INVALID_BODY');
      expect(String(json.detail)).toContain('deeper than 512 levels');
    }
    // The emulator is unharmed and unchanged.
    expect((await emu.health()).status).toBe('ok');
    expect((await emu.config.get()).delivery.timeoutMs).toBe(5000);
  });

  it('a body within the limit reaches the route as usual', async () => {
    const emu = await startForTest();
    const { status, json } = await send(`${emu.url}/_emulator/events`, 'POST', `{"type":"customer_created","overrides":{"customer_id":${deepObject(100)}}}`);
    expect(status).toBe(400);
    expect(json.code).toBe('INVALID_OVERRIDE');
    expect(String(json.detail).length).toBeLessThan(1000);
  });

  it(`/apidata.php answers a ${LEVELS}-level body with Solar Proof's Invalid JSON`, async () => {
    const emu = await startForTest();
    for (const body of [deepObject(LEVELS), deepArray(LEVELS), `{"hookUrl":"http://127.0.0.1:9/h","type_request":"customer_created","x":${deepObject(LEVELS)}}`]) {
      const { status, json } = await send(`${emu.url}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, 'POST', body);
      expect(status).toBe(400);
      expect(json).toEqual({ success: false, message: 'Invalid JSON' });
    }
    expect(await emu.subscriptions.list()).toEqual([]);
  });

  it('the in-process config update refuses a deep patch with a problem, not a stack overflow', async () => {
    const emu = await startForTest();
    const result = emu.emulator.config.update(JSON.parse(`{"delivery":${deepObject(LEVELS)}}`));
    expect(result).toEqual({ ok: false, problems: ['(root): the patch nests deeper than 512 levels'] });
  });
});

describe('input limits: keys that name object machinery', () => {
  it('config patches refuse __proto__, constructor and prototype at any depth, naming the path', async () => {
    const emu = await startForTest();
    for (const [body, path] of [
      ['{"__proto__":{"timeScale":5}}', '__proto__'],
      ['{"delivery":{"constructor":{"x":1}}}', 'delivery.constructor'],
      ['{"delivery":{"latencyByType":{"prototype":{"distribution":"none"}}}}', 'delivery.latencyByType.prototype'],
    ] as const) {
      const { status, json } = await send(`${emu.url}/_emulator/config`, 'PATCH', body);
      expect(status, body).toBe(400);
      expect(json.code).toBe('INVALID_CONFIG');
      expect(json.problems).toEqual([`${path}: the keys __proto__, constructor, prototype are refused in config patches`]);
    }
    expect(({} as Record<string, unknown>).timeScale).toBeUndefined();
    expect((await emu.config.get()).timeScale).toBe(1);
  });

  it('overrides refuse __proto__, constructor and prototype, naming the field', async () => {
    const emu = await startForTest();
    for (const [overrides, field] of [
      ['{"__proto__":{"x":1}}', '__proto__'],
      ['{"constructor":1}', 'constructor'],
      ['{"prototype":1}', 'prototype'],
    ] as const) {
      const { status, json } = await send(`${emu.url}/_emulator/events`, 'POST', `{"type":"customer_created","overrides":${overrides}}`);
      expect(status, overrides).toBe(400);
      expect(json).toMatchObject({ code: 'INVALID_OVERRIDE', field });
    }
  });
});

describe('input limits: config files', () => {
  it(`a ${LEVELS}-level config file, or one with __proto__, is a clear problem, not a stack overflow`, async () => {
    const { loadConfig } = await import('../../src/config/load-config.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'spmock-limits-'));
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `{"delivery":${deepObject(LEVELS)}}`);
    const proto = join(dir, 'proto.json');
    writeFileSync(proto, '{"delivery":{"__proto__":{"timeoutMs":1}}}');
    const a = loadConfig({ file: deep });
    expect(a.ok).toBe(false);
    expect(!a.ok && a.problems).toEqual([`config file ${deep}: nests deeper than 512 levels`]);
    const b = loadConfig({ file: proto });
    expect(!b.ok && b.problems).toEqual([`config file ${proto}: delivery.__proto__: the keys __proto__, constructor, prototype are refused`]);
  });
});
