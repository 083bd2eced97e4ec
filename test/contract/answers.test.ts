import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { routes, type RouteName } from '../../src/contract/routes.js';
import { pathWith, type RouteSpec } from '../../src/contract/route.js';
import type { RunningEmulator } from '../../src/start-emulator.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { answerProblems } from './check-answer.js';

describe('the answer checker', () => {
  it('catches an answer its route schema does not allow, and a problem without a registered code', () => {
    expect(answerProblems(routes.health, 200, { status: 'ok', version: '1.0.0' })).toEqual([]);
    expect(answerProblems(routes.health, 200, { status: 'fine', version: '1.0.0' })).not.toEqual([]);
    expect(answerProblems(routes.health, 201, { status: 'ok', version: '1.0.0' })).not.toEqual([]);
    expect(answerProblems(routes.getDelivery, 200, { id: 'dlv_1' })).not.toEqual([]);
    const problem = { type: 'urn:x', title: 'NOT_FOUND', status: 404, code: 'NOT_FOUND', detail: 'No.' };
    expect(answerProblems(routes.getDelivery, 404, problem)).toEqual([]);
    expect(answerProblems(routes.getDelivery, 404, { ...problem, code: 'NOPE' })).not.toEqual([]);
  });
});

describe('every control route answers what the contract says', () => {
  let emu: RunningEmulator;
  let receiver: TestReceiver;
  const checked = new Set<RouteName>();

  beforeAll(async () => {
    receiver = await startTestReceiver();
    emu = await startForTest({ delivery: { retry: { schedule: [] } } });
  });
  afterAll(async () => {
    await emu?.close();
    await receiver?.close();
  });

  async function check(name: RouteName, input: { params?: Record<string, string>; query?: string; body?: unknown } = {}): Promise<any> {
    const route: RouteSpec = routes[name];
    const res = await fetch(`${emu.url}/_emulator${pathWith(route.path, input.params)}${input.query ?? ''}`, {
      method: route.method.toUpperCase(),
      ...(input.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(input.body) }),
    });
    const body = (await res.json()) as unknown;
    expect(answerProblems(route, res.status, body)).toEqual([]);
    checked.add(name);
    return body;
  }

  it('checks each route of the table with a real request', { timeout: 30_000 }, async () => {
    await emu.subscribe(receiver.hookUrl('/ok'), 'customer_created');
    await check('health');
    await check('listSubscriptions');
    await check('getConfig');
    await check('patchConfig', { body: { timeScale: 1 } });
    await check('eventTypes');
    const triggered = await check('trigger', { body: { type: 'customer_created' } });
    const [delivery] = await emu.deliveries.waitFor({ eventId: triggered.events[0].id, state: 'delivered' });
    await check('listDeliveries', { query: '?limit=5' });
    await check('getDelivery', { params: { id: delivery!.id } });
    await check('getDelivery', { params: { id: 'dlv_999999' } });
    await check('redeliver', { params: { id: delivery!.id } });
    await check('stats');
    // The metrics answer Prometheus text, not JSON: checked as the string its schema says.
    const metrics = await fetch(`${emu.url}/_emulator/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answerProblems(routes.metrics, metrics.status, await metrics.text())).toEqual([]);
    checked.add('metrics');
    const schedule = await check('createSchedule', { body: { type: 'customer_created', everyMs: 60_000, count: 1 } });
    await check('listSchedules');
    await check('getSchedule', { params: { id: schedule.id } });
    await check('deleteSchedule', { params: { id: schedule.id } });
    const { scenarios } = await check('listScenarios');
    await check('getScenario', { params: { name: scenarios[0].name } });
    const run = await check('runScenario', { params: { name: scenarios[0].name }, body: { wait: false } });
    await check('listScenarioRuns');
    await check('getScenarioRun', { params: { id: run.id } });
    const started = await check('startCheck', { body: { forwardTo: receiver.hookUrl('/ok'), types: ['customer_created'], versions: ['v2'], timeoutMs: 2000, burst: 3 } });
    const report = await emu.checks.run({ forwardTo: receiver.hookUrl('/ok'), types: ['customer_created'], versions: ['v2'], timeoutMs: 2000, burst: 3 });
    await check('getCheck', { params: { id: started.id } });
    await check('getCheck', { params: { id: 'chk_999' } });
    const junit = await fetch(`${emu.url}/_emulator/checks/${report.id}/junit`);
    expect(answerProblems(routes.getCheckJunit, junit.status, await junit.text())).toEqual([]);
    checked.add('getCheckJunit');
    await check('worldCustomers');
    await check('worldProjects');
    await check('addAccount', { body: { apiKey: 'sp_contract_key' } });
    await check('listAccounts');
    await check('revokeAccount', { params: { apiKey: 'sp_contract_key' } });
    const state = await check('getState');
    await check('putState', { body: state });
    await check('openapi');
    await check('configSchema');
    await check('reset');
    // The stream answers Server-Sent Events: each message's data is checked by the client's stream below.
    const stream = await emu.deliveries.stream({}, { payload: true });
    await emu.subscribe(receiver.hookUrl('/ok'), 'customer_created');
    await emu.trigger('customer_created');
    for await (const change of stream) {
      expect(answerProblems(routes.stream, 200, change)).toEqual([]);
      break;
    }
    stream.close();
    checked.add('stream');
    expect([...checked].sort()).toEqual(Object.keys(routes).sort());
  });
});

describe('the client, the OpenAPI document and the route table agree', () => {
  it('the client calls only routes of the table, with their methods', async () => {
    const emu = await startForTest();
    const seen: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname.startsWith('/_emulator')) seen.push(`${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`);
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      const sp = createClient(emu.url);
      await sp.health();
      await sp.subscriptions.list({ apiKey: 'sp_test_key' });
      await sp.config.get();
      await sp.config.update({ timeScale: 1 });
      const { events } = await sp.trigger('customer_created');
      await sp.stats();
      const list = await sp.deliveries.list({ eventId: events[0]!.id });
      expect(list).toEqual([]);
      await sp.deliveries.get('dlv_1').catch(() => undefined);
      await sp.deliveries.redeliver('dlv_1').catch(() => undefined);
      const schedule = await sp.schedules.create({ type: 'customer_created', everyMs: 60_000, count: 1 });
      await sp.schedules.get(schedule.id);
      await sp.schedules.list();
      await sp.schedules.delete(schedule.id);
      const [scenario] = await sp.scenarios.list();
      const run = await sp.scenarios.run(scenario!.name, { wait: false });
      await sp.scenarios.getRun(run.id);
      await sp.world.customers();
      await sp.world.projects();
      await sp.state.put(await sp.state.get());
      await sp.reset();
      const stream = await sp.deliveries.stream();
      stream.close();
    } finally {
      globalThis.fetch = realFetch;
      await emu.close();
    }
    const table = Object.values(routes).map((r) => ({ method: r.method.toUpperCase(), re: new RegExp(`^/_emulator${r.path.replace(/:[A-Za-z_]+/g, '[^/]+')}$`) }));
    const unknown = seen.filter((call) => !table.some((t) => call === `${t.method} ${call.split(' ')[1]}` && t.re.test(call.split(' ')[1]!)));
    expect(seen.length).toBeGreaterThan(15);
    expect(unknown).toEqual([]);
  });

  it('OpenAPI lists every table route under /_emulator with its method, and nothing else but the index', async () => {
    const { openApiDocument } = await import('../../src/http/openapi/document.js');
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .filter(([path]) => path.startsWith('/_emulator'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    const fromTable = Object.values(routes).map((r) => `${r.method} /_emulator${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    expect(documented).toEqual([...fromTable, 'get /_emulator'].sort());
  });
});
