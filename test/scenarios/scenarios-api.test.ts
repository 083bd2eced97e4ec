import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { ScenarioFileError } from '../../src/scenarios/scenario-library.js';
import { startEmulator } from '../../src/start-emulator.js';
import { startForTest } from '../support/start.js';

function scenarioDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-user-scenarios-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

async function setup(options: Parameters<typeof startForTest>[0] = {}) {
  const emu = await startForTest(options);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/_emulator${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: (await res.json()) as any };
  };
  return { emu, call };
}

describe('GET /_emulator/scenarios', () => {
  it('lists the built-ins and user files, and shows one with its steps', async () => {
    const dir = scenarioDir({ 'upsell.json': { description: 'A second project for a signed customer', steps: [{ type: 'customer_created' }, { type: 'recent_draft_project' }] } });
    const { call } = await setup({ scenarios: { dirs: [dir] } });
    const list = (await call('GET', '/scenarios')).body.scenarios;
    expect(list.map((s: { name: string }) => s.name)).toEqual(['cold-lead', 'commercial-multi-project', 'residential-journey', 'upsell']);
    expect(list[3]).toEqual({
      name: 'upsell',
      description: 'A second project for a signed customer',
      source: join(dir, 'upsell.json'),
      steps: 2,
      types: ['customer_created', 'recent_draft_project'],
    });
    const one = await call('GET', '/scenarios/residential-journey');
    expect(one.body).toMatchObject({ name: 'residential-journey', source: 'built-in', customerType: 'RESIDENTIAL' });
    expect(one.body.steps[1]).toMatchObject({ type: 'recent_draft_project', delayMs: 1500 });
    expect((await call('GET', '/scenarios/nope')).status).toBe(404);
  });
});

describe('POST /_emulator/scenarios/:name', () => {
  it('runs a user scenario and answers its events and deliveries when it ends', async () => {
    const dir = scenarioDir({
      'quick-sale.json': {
        description: 'Created and signed straight away',
        customerType: 'LARGE-SCALE',
        steps: [{ type: 'customer_created' }, { type: 'published_proposal_link', delayMs: 10 }, { type: 'contract_signed', delayMs: 10 }],
      },
    });
    const { emu, call } = await setup({ scenarios: { dirs: [dir] }, timeScale: 0.01 });
    await emu.subscribe('http://127.0.0.1:9/never', 'contract_signed');
    const res = await call('POST', '/scenarios/quick-sale');
    expect(res.status).toBe(200);
    expect(res.location).toBe('/_emulator/scenario-runs/run_1');
    expect(res.body).toMatchObject({ id: 'run_1', scenario: 'quick-sale', state: 'completed', apiKey: 'sp_test_key', payloadVersion: 'v2' });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['customer_created', 'published_proposal_link', 'contract_signed', 'customer_status_change']);
    expect(res.body.events[0].payload).toMatchObject({ customer_type_id: 3, customer_id: res.body.customerId });
    expect(res.body.deliveries).toHaveLength(1);
  });

  it('with wait=false answers 202 at once; the run is followed on /scenario-runs/:id (manual clock)', async () => {
    const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
    const { call } = await setup({ clock });
    const res = await call('POST', '/scenarios/cold-lead?wait=false', {});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: 'run_1', state: 'running' });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['customer_created']);
    await clock.advance(4_000);
    const mid = (await call('GET', '/scenario-runs/run_1')).body;
    expect(mid.events.map((e: { type: string }) => e.type)).toEqual(['customer_created', 'recent_draft_project', 'published_proposal_link', 'project_email_sent']);
    await clock.advance(10_000);
    const end = (await call('GET', '/scenario-runs/run_1')).body;
    expect(end).toMatchObject({ state: 'completed', endedAt: '2026-01-05T09:00:10.000Z' });
    expect((await call('GET', '/scenario-runs')).body.runs).toHaveLength(1);
    expect((await call('GET', '/scenario-runs/run_9')).body).toMatchObject({ status: 404, code: 'UNKNOWN_SCENARIO_RUN' });
  });

  it('cancels a running scenario on reset', async () => {
    const clock = new ManualClock(0);
    const { call } = await setup({ clock });
    await call('POST', '/scenarios/residential-journey', { wait: false });
    await call('POST', '/reset');
    await clock.advance(60_000);
    expect((await call('GET', '/scenario-runs')).body.runs).toEqual([]);
  });

  it('answers 409 naming the step when the world refuses it, with the run so far', async () => {
    const dir = scenarioDir({
      'double-sign.json': { description: 'Signs the same project twice', steps: [{ type: 'contract_signed' }, { type: 'contract_signed' }] },
    });
    const { call } = await setup({ scenarios: { dirs: [dir] } });
    const res = await call('POST', '/scenarios/double-sign');
    expect(res.status).toBe(409);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe('INVALID_SUBJECT');
    expect(res.body.detail).toMatch(/^Scenario "double-sign" stopped at steps\[1\] \(contract_signed\): Project \d+ is already signed/);
    expect(res.body.run).toMatchObject({ state: 'failed', steps: [{ state: 'done' }, { state: 'failed' }] });
  });

  it.each([
    ['/scenarios/nope', {}, 404, 'UNKNOWN_SCENARIO', 'Known scenarios: cold-lead, commercial-multi-project, residential-journey'],
    ['/scenarios/cold-lead', { apiKey: 'sp_nobody' }, 400, 'UNKNOWN_API_KEY', 'Unknown apiKey "sp_nobody"'],
    ['/scenarios/cold-lead', { wait: 'soon' }, 400, 'INVALID_BODY', '"wait" must be true or false'],
  ])('POST %s %j answers %i %s', async (path, body, status, code, detail) => {
    const { call } = await setup();
    const res = await call('POST', path, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toContain(detail);
  });

  it.each([[[]], [{ wiat: false }], ['x']])('refuses the body %j with 400 INVALID_BODY and runs nothing', async (body) => {
    const { call } = await setup();
    const res = await call('POST', '/scenarios/cold-lead', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^INVALID_(BODY|JSON)$/);
    expect((await call('GET', '/scenario-runs')).body.runs).toEqual([]);
  });

  it('refuses a step override that does not fit the payload before emitting anything', async () => {
    const dir = scenarioDir({ 'typo.json': { description: 'x', steps: [{ type: 'customer_created' }, { type: 'project_sms_sent', overrides: { sms_bdy: 'hi' } }] } });
    const { call } = await setup({ scenarios: { dirs: [dir] } });
    const res = await call('POST', '/scenarios/typo');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_OVERRIDE');
    expect(res.body.detail).toContain('Scenario "typo" steps[1].overrides: "sms_bdy" is not a field');
    expect((await call('GET', '/scenario-runs')).body.runs).toEqual([]);
  });
});

describe('user scenario validation at start', () => {
  it('refuses to start, naming the file, step index and field of each problem', async () => {
    const dir = scenarioDir({
      'broken.json': { description: 'x', steps: [{ type: 'customer_created' }, { type: 'project_sms_sent', delayMs: 'soon' }, { typ: 'customer_created' }] },
    });
    const err = await startEmulator({ scenarios: { dirs: [dir] } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ScenarioFileError);
    const file = join(dir, 'broken.json');
    expect((err as ScenarioFileError).problems).toEqual([
      `${file}: steps[1].delayMs: expected a number, got "soon"`,
      expect.stringMatching(/^.*broken\.json: steps\[2\]\.type: required \(one of "customer_created"/),
      `${file}: steps[2]: unknown key "typ"`,
    ]);
  });
});
