import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createEmulator } from '../../src/emulator.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const START = Date.parse('2026-01-05T09:00:00.000Z');
const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function setup(options: Parameters<typeof startForTest>[0] = {}) {
  const clock = new ManualClock(START);
  const emu = await startForTest({ clock, ...options });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/_emulator${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: (await res.json()) as any };
  };
  return { clock, emu, call };
}

describe('POST/GET/DELETE /_emulator/schedules', () => {
  it('emits every everyMs to subscribers, then is listed as finished with its count', async () => {
    const { clock, emu, call } = await setup();
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    emu.emulator.subscriptions.subscribe(emu.apiKey, receiver.hookUrl('/created'), 'customer_created');

    const created = await call('POST', '/schedules', { type: 'customer_created', everyMs: 1000, count: 3 });
    expect(created.status).toBe(201);
    expect(created.location).toBe('/_emulator/schedules/sch_1');
    expect(created.body).toMatchObject({ id: 'sch_1', state: 'active', emitted: 0, nextRunAt: '2026-01-05T09:00:01.000Z', origin: 'api' });

    await clock.advance(2000);
    expect((await call('GET', '/schedules')).body.schedules[0]).toMatchObject({ state: 'active', emitted: 2, nextRunAt: '2026-01-05T09:00:03.000Z' });
    await clock.advance(5000);
    const list = (await call('GET', '/schedules')).body.schedules;
    expect(list).toEqual([expect.objectContaining({ id: 'sch_1', state: 'finished', emitted: 3, deliveries: 3, nextRunAt: null })]);

    const got = await receiver.waitFor(3);
    const ids = got.map((r) => (r.json as { customer_id: number }).customer_id);
    expect(new Set(ids).size).toBe(3);
  });

  it('stops at once on DELETE, answers the final state, and the schedule leaves the list', async () => {
    const { clock, call } = await setup();
    await call('POST', '/schedules', { type: 'project_sms_sent', everyMs: 100 });
    await clock.advance(350);
    const deleted = await call('DELETE', '/schedules/sch_1');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: 'sch_1', state: 'stopped', emitted: 3 });
    await clock.advance(1000);
    expect((await call('GET', '/schedules')).body.schedules).toEqual([]);
    const events = await call('GET', '/deliveries');
    expect(events.status).toBe(200);
    const again = await call('DELETE', '/schedules/sch_1');
    expect(again.status).toBe(404);
    expect(again.type).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'UNKNOWN_SCHEDULE' });
  });

  it('emits a weighted mix from a Poisson rate, reproducibly for a seed', async () => {
    const runOnce = async () => {
      const { clock, call } = await setup({ seed: 99 });
      await call('POST', '/schedules', { types: { customer_created: 3, project_sms_sent: 1 }, ratePerMinute: 600, count: 200 });
      await clock.advance(120_000);
      const view = (await call('GET', '/schedules/sch_1')).body;
      expect(view.state).toBe('finished');
      return view;
    };
    const a = await runOnce();
    const b = await runOnce();
    expect(a.emitted).toBe(200);
    expect(a.lastEventId).toBe(b.lastEventId);
    expect(a.endedAt).toBe(b.endedAt);
    // 200 events at 10/s take about 20 s (Poisson); far from 2 s or 120 s.
    const tookMs = Date.parse(a.endedAt) - START;
    expect(tookMs).toBeGreaterThan(15_000);
    expect(tookMs).toBeLessThan(25_000);
  });

  it('follows a cron expression on the clock', async () => {
    const { clock, call } = await setup();
    await call('POST', '/schedules', { type: 'customer_created', cron: '*/20 * * * * *', count: 2 });
    expect((await call('GET', '/schedules/sch_1')).body.nextRunAt).toBe('2026-01-05T09:00:20.000Z');
    await clock.advance(40_000);
    expect((await call('GET', '/schedules/sch_1')).body).toMatchObject({ state: 'finished', emitted: 2, lastEmittedAt: '2026-01-05T09:00:40.000Z' });
  });

  it.each([
    [{ everyMs: 1000 }, 'INVALID_SCHEDULE', 'type: required: give one event type'],
    [{ type: 'customer_created', everyMs: 0 }, 'INVALID_SCHEDULE', 'everyMs: must be at least 100'],
    [{ type: 'customer_created', everyMs: 50 }, 'INVALID_SCHEDULE', 'everyMs: must be at least 100'],
    [{ type: 'customer_created', cron: '*/5 * * *' }, 'INVALID_SCHEDULE', 'cron: not a valid cron expression'],
    [{ type: 'customer_created', everyMs: 1000, ratePerMinute: 5 }, 'INVALID_SCHEDULE', 'ratePerMinute: give only one of "everyMs", "ratePerMinute"'],
    [{ type: 'customer_created' }, 'INVALID_SCHEDULE', 'everyMs: required: say when to emit'],
    [{ type: 'customer_deleted', everyMs: 1000 }, 'INVALID_SCHEDULE', 'type: expected one of "customer_created"'],
    [{ type: 'customer_created', everyMs: 1000, overrides: { customer_id: 'x' } }, 'INVALID_OVERRIDE', 'customer_id'],
    [{ type: 'customer_created', everyMs: 1000, apiKey: 'sp_other' }, 'UNKNOWN_API_KEY', 'Unknown apiKey "sp_other"'],
    // A next run time past the date range made the create and every later listing a 500.
    [{ type: 'customer_created', ratePerMinute: 1e-12 }, 'INVALID_SCHEDULE', 'ratePerMinute: must be at least'],
    [{ type: 'customer_created', ratePerMinute: 1e-300 }, 'INVALID_SCHEDULE', 'ratePerMinute: must be at least'],
    [{ type: 'customer_created', everyMs: 1e15 }, 'INVALID_SCHEDULE', 'everyMs: must be at most'],
  ])('answers 400 problem+json for %j', async (body, code, detail) => {
    const { call } = await setup();
    const res = await call('POST', '/schedules', body);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toContain(detail);
    expect((await call('GET', '/schedules')).body.schedules).toEqual([]);
  });

  it('refuses contract_signed under payload version v1', async () => {
    const { call } = await setup({ payloadVersion: 'v1' });
    const res = await call('POST', '/schedules', { type: 'contract_signed', everyMs: 1000 });
    expect(res.body).toMatchObject({ status: 400, code: 'UNKNOWN_EVENT_TYPE' });
    expect(res.body.detail).toContain('does not exist in payload version v1');
  });
});

describe('configured schedules', () => {
  it('start with the emulator from the config, and again after reset', async () => {
    const { clock, call } = await setup({ schedules: [{ name: 'steady', type: 'customer_created', everyMs: 500, count: 2 }] });
    expect((await call('GET', '/schedules')).body.schedules).toEqual([
      expect.objectContaining({ id: 'sch_1', name: 'steady', origin: 'config', state: 'active' }),
    ]);
    await clock.advance(1000);
    expect((await call('GET', '/schedules/sch_1')).body).toMatchObject({ state: 'finished', emitted: 2, lastEventId: 'evt_2' });
    await call('POST', '/schedules', { type: 'project_sms_sent', everyMs: 100 });
    await call('POST', '/reset');
    const after = (await call('GET', '/schedules')).body.schedules;
    expect(after).toEqual([expect.objectContaining({ id: 'sch_1', origin: 'config', state: 'active', emitted: 0 })]);
    await clock.advance(500);
    // Same seed after reset: the world starts again, so the first event is evt_1 once more.
    expect((await call('GET', '/schedules/sch_1')).body.lastEventId).toBe('evt_1');
  });

  it('start from --schedule flags and SPMOCK_SCHEDULES', async () => {
    const loaded = loadConfig({
      flags: { schedule: ['customer_created@2s x2', 'project_sms_sent:1+customer_created:1@cron(*/30 * * * * *)'] },
      env: {},
      overrides: { logLevel: 'silent', seed: 5 },
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const clock = new ManualClock(START);
    const emu = createEmulator(loaded.config, { clock });
    try {
      expect(emu.schedules.list().map((s) => s.spec)).toEqual([
        { type: 'customer_created', everyMs: 2000, count: 2 },
        { types: { project_sms_sent: 1, customer_created: 1 }, cron: '*/30 * * * * *' },
      ]);
      await clock.advance(60_000);
      expect(emu.schedules.list().map((s) => [s.state, s.emitted])).toEqual([
        ['finished', 2],
        ['active', 2],
      ]);
    } finally {
      await emu.close();
    }
    const fromEnv = loadConfig({ env: { SPMOCK_SCHEDULES: 'customer_created@5s;project_sms_sent@30/min' }, overrides: { seed: 5 } });
    expect(fromEnv.ok && fromEnv.config.schedules).toEqual([
      { type: 'customer_created', everyMs: 5000 },
      { type: 'project_sms_sent', ratePerMinute: 30 },
    ]);
    const bad = loadConfig({ flags: { schedule: ['customer_created@soon'] }, env: {} });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join('\n')).toContain('cannot read "soon"');
  });

  it('refuses to start when a configured schedule is invalid for the running emulator', () => {
    const loaded = loadConfig({ env: {}, overrides: { logLevel: 'silent', seed: 1, schedules: [{ type: 'customer_created', everyMs: 1000, apiKey: 'nobody' }] } });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(() => createEmulator(loaded.config, { clock: new ManualClock(START) })).toThrow(/schedules\.0: Unknown apiKey "nobody"/);
  });
});
