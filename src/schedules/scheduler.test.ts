import { describe, expect, it } from 'vitest';
import { createAccountRegistry } from '../solarproof/account-registry.js';
import { configSchema, type ConfigInput } from '../config/config-schema.js';
import { ConfigStore } from '../config/config-store.js';
import { ManualClock, scaledClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { createRandom } from '../core/random.js';
import type { EmissionTiming,  } from './running-schedule.js';
import type { TriggerFn, TriggerRequest } from '../events/trigger-request.js';
import { ScheduleError, Scheduler } from './scheduler.js';

const START = Date.parse('2026-01-05T09:00:00.000Z');

function setup(input: ConfigInput = {}) {
  const config = new ConfigStore(configSchema.parse({ seed: 1, ...input }));
  const wall = new ManualClock(START);
  const emitted: Array<TriggerRequest & { at: number }> = [];
  const timings: EmissionTiming[] = [];
  let n = 0;
  const events: { trigger: TriggerFn } = {
    trigger: (request) => {
      emitted.push({ ...request, at: wall.now() - START });
      const id = `evt_${++n}`;
      return { events: [{ id } as never], deliveries: [`dlv_${n}`] };
    },
  };
  const scheduler = new Scheduler(
    {
      clock: scaledClock(wall, () => config.get().timeScale),
      config,
      random: createRandom(1),
      accounts: createAccountRegistry(config.get().accounts),
      logger: createLogger('silent'),
      events,
    },
    { onEmission: (t) => timings.push(t) },
  );
  return { config, wall, emitted, timings, scheduler, events };
}

describe('Scheduler', () => {
  it("runs what start-up's warm-up has left before a schedule made through the API sets its first moment, not for configured or restored ones", async () => {
    const config = new ConfigStore(configSchema.parse({ seed: 1, schedules: [{ type: 'customer_created', everyMs: 1000 }] }));
    const wall = new ManualClock(START);
    const log: string[] = [];
    const scheduler = new Scheduler({
      clock: scaledClock(wall, () => config.get().timeScale),
      config,
      random: createRandom(1),
      accounts: createAccountRegistry(config.get().accounts),
      logger: createLogger('silent'),
      events: { trigger: () => ({ events: [], deliveries: [] }) },
      // The clock's time when the warm-up ran: before the schedule took its start time.
      warmNow: () => log.push(`warm at ${wall.now() - START}, ${scheduler.list().length} listed`),
    });
    scheduler.startConfigured();
    expect(log).toEqual([]);
    await wall.advance(10);
    const view = scheduler.start({ type: 'customer_created', everyMs: 200, count: 5 });
    expect(log).toEqual(['warm at 10, 1 listed']);
    expect(view.nextRunAt).toBe(new Date(START + 210).toISOString());
    scheduler.restore(scheduler.snapshot());
    expect(log).toHaveLength(1);
  });

  it('emits every everyMs and finishes after count, staying listed', async () => {
    const { wall, emitted, scheduler } = setup();
    const view = scheduler.start({ type: 'customer_created', everyMs: 1000, count: 3, overrides: { customer_notes: 'x' } });
    expect(view).toMatchObject({ id: 'sch_1', state: 'active', emitted: 0, nextRunAt: '2026-01-05T09:00:01.000Z' });
    await wall.advance(2500);
    expect(emitted.map((e) => e.at)).toEqual([1000, 2000]);
    expect(emitted[0]).toMatchObject({ type: 'customer_created', overrides: { customer_notes: 'x' } });
    await wall.advance(10_000);
    expect(emitted.map((e) => e.at)).toEqual([1000, 2000, 3000]);
    expect(scheduler.list()).toEqual([
      expect.objectContaining({ id: 'sch_1', state: 'finished', emitted: 3, deliveries: 3, lastEventId: 'evt_3', nextRunAt: null }),
    ]);
    expect(wall.pending()).toBe(0);
  });

  it('stops at once when stopped, and the stopped schedule leaves the list', async () => {
    const { wall, emitted, scheduler } = setup();
    scheduler.start({ type: 'customer_created', everyMs: 100 });
    await wall.advance(350);
    const last = scheduler.stop('sch_1');
    expect(last).toMatchObject({ state: 'stopped', emitted: 3 });
    await wall.advance(1000);
    expect(emitted).toHaveLength(3);
    expect(scheduler.list()).toEqual([]);
    expect(scheduler.stop('sch_1')).toBeUndefined();
  });

  it('compresses waits by timeScale, and keeps the schedule continuous when timeScale changes', async () => {
    const { config, wall, emitted, scheduler } = setup({ timeScale: 0.01 });
    scheduler.start({ type: 'customer_created', everyMs: 60_000 });
    await wall.advance(1_800); // 3 minutes of schedule time
    expect(emitted.map((e) => e.at)).toEqual([600, 1200, 1800]);
    config.update({ timeScale: 0.1 });
    await wall.advance(6_000); // the next target is 1 schedule-minute on, now 6 s of real time
    expect(emitted.map((e) => e.at)).toEqual([600, 1200, 1800, 7800]);
  });

  it('catches up every missed target when its timer fires late, without drift', async () => {
    const { wall, emitted, timings, scheduler } = setup();
    scheduler.start({ type: 'customer_created', everyMs: 100, count: 50 });
    // A ManualClock fires each timer on time; lateness is 0 for every emission.
    await wall.advance(5_000);
    expect(emitted).toHaveLength(50);
    expect(emitted.at(-1)!.at).toBe(5000);
    expect(timings.every((t) => t.firedAt === t.dueAt)).toBe(true);
  });

  it('picks types from a weighted mix with a seeded stream (same seed, same sequence)', async () => {
    const a = setup();
    const b = setup();
    for (const s of [a, b]) s.scheduler.start({ types: { customer_created: 3, project_sms_sent: 1 }, everyMs: 100, count: 400 });
    await a.wall.advance(40_000);
    await b.wall.advance(40_000);
    const types = a.emitted.map((e) => e.type);
    expect(types).toEqual(b.emitted.map((e) => e.type));
    const share = types.filter((t) => t === 'customer_created').length / types.length;
    expect(share).toBeGreaterThan(0.68);
    expect(share).toBeLessThan(0.82);
    expect(new Set(types)).toEqual(new Set(['customer_created', 'project_sms_sent']));
  });

  it('follows cron in schedule time, so timeScale compresses cron too', async () => {
    const { wall, emitted, scheduler } = setup({ timeScale: 0.001 });
    scheduler.start({ type: 'customer_created', cron: '*/10 * * * * *', count: 3 });
    await wall.advance(30);
    expect(emitted.map((e) => e.at)).toEqual([10, 20, 30]);
  });

  it('fires a run weeks away exactly on time, not early (long waits are the clock\'s to chain)', async () => {
    const { wall, emitted, scheduler } = setup({ timeScale: 1000 });
    const week = 7 * 86_400_000;
    scheduler.start({ type: 'customer_created', everyMs: 40 * 86_400_000, count: 1 });
    await wall.advance(week * 1000);
    expect(emitted).toHaveLength(0);
    await wall.advance(40 * 86_400_000 * 1000 - week * 1000 - 1);
    expect(emitted).toHaveLength(0);
    await wall.advance(1);
    expect(emitted.map((e) => e.at)).toEqual([40 * 86_400_000 * 1000]);
  });

  it('finishes right after its last emission before until', async () => {
    const { wall, emitted, scheduler } = setup();
    scheduler.start({ type: 'customer_created', everyMs: 400, until: '1s' });
    await wall.advance(5_000);
    expect(emitted).toHaveLength(2);
    expect(scheduler.get('sch_1')).toMatchObject({ state: 'finished', endedAt: '2026-01-05T09:00:00.800Z' });
  });

  it('keeps going after an emission fails, counting the error', async () => {
    const { wall, scheduler, events } = setup();
    let calls = 0;
    events.trigger = () => {
      calls++;
      throw new Error('boom');
    };
    scheduler.start({ type: 'customer_created', everyMs: 100, count: 2 });
    await wall.advance(500);
    expect(calls).toBe(2);
    expect(scheduler.get('sch_1')).toMatchObject({ state: 'finished', errors: 2, lastError: 'boom', emitted: 0 });
  });

  it.each([
    [{ everyMs: 1000 }, 'INVALID_SCHEDULE', /type: required/],
    [{ type: 'customer_created', everyMs: 0 }, 'INVALID_SCHEDULE', /everyMs: must be at least 100/],
    [{ type: 'customer_created', cron: 'every day' }, 'INVALID_SCHEDULE', /cron: not a valid cron expression/],
    [{ type: 'customer_created', everyMs: 1000, apiKey: 'nope' }, 'UNKNOWN_API_KEY', /Unknown apiKey "nope". Configured keys: sp_test_key/],
  ])('refuses %j with %s', (input, code, message) => {
    const { scheduler } = setup();
    try {
      scheduler.start(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScheduleError);
      expect((err as ScheduleError).code).toBe(code);
      expect((err as ScheduleError).message).toMatch(message);
    }
    expect(scheduler.list()).toEqual([]);
  });

  it('refuses contract_signed under payload version v1', () => {
    const { scheduler } = setup({ payloadVersion: 'v1' });
    expect(() => scheduler.start({ type: 'contract_signed', everyMs: 1000 })).toThrow(/does not exist in payload version v1/);
  });

  it('starts config schedules, and again from sch_1 after reset', async () => {
    const { wall, emitted, scheduler } = setup({ schedules: [{ type: 'project_sms_sent', everyMs: 500, count: 1 }] });
    scheduler.startConfigured();
    scheduler.start({ type: 'customer_created', everyMs: 100 });
    await wall.advance(600);
    expect(scheduler.list().map((s) => [s.id, s.origin, s.state])).toEqual([
      ['sch_1', 'config', 'finished'],
      ['sch_2', 'api', 'active'],
    ]);
    scheduler.reset();
    expect(scheduler.list().map((s) => [s.id, s.origin, s.state])).toEqual([['sch_1', 'config', 'active']]);
    const before = emitted.length;
    await wall.advance(500);
    expect(emitted.slice(before).map((e) => e.type)).toEqual(['project_sms_sent']);
  });

  it('names the config entry when a config schedule is refused', () => {
    const { scheduler } = setup({ schedules: [{ type: 'customer_created', everyMs: 1000, apiKey: 'other' }] });
    expect(() => scheduler.startConfigured()).toThrow(/^schedules\.0: Unknown apiKey "other"/);
  });
});
