import { describe, expect, it } from 'vitest';
import { ManualClock, scaledClock, type Clock } from '../core/clock.js';
import { createRandom } from '../core/random.js';
import type { ScheduleSpec } from '../config/schedule-config.js';
import type { TriggerFn } from '../events/trigger-request.js';
import { RunningSchedule, type EmissionTiming } from './running-schedule.js';

const START = Date.parse('2026-01-05T09:00:00.000Z');

/** One RunningSchedule on a ManualClock (scaled by `scale`), recording each trigger's clock time and `at`. */
function run(spec: ScheduleSpec, leadMs: number, scale = 1, firstTimerLateBy = 0) {
  const wall = new ManualClock(START);
  const calls: Array<{ now: number; at: number | undefined; args: number }> = [];
  const timings: EmissionTiming[] = [];
  let n = 0;
  const trigger: TriggerFn = (...args) => {
    calls.push({ now: wall.now() - START, at: args[1] === undefined ? undefined : args[1] - START, args: args.length });
    n++;
    return { events: [{ id: `evt_${n}` } as never], deliveries: [`dlv_${n}`] };
  };
  let lateBy = firstTimerLateBy;
  const scaled = scaledClock(wall, () => scale);
  // A stalled process: the first timer fires `firstTimerLateBy` ms after it was due.
  const clock: Clock = {
    now: () => scaled.now(),
    setTimeout: (fn, ms) => {
      const handle = wall.setTimeout(fn, ms * scale + lateBy);
      lateBy = 0;
      return handle;
    },
  };
  const schedule = new RunningSchedule('sch_1', spec, 'api', {
    clock,
    scale: () => scale,
    trigger,
    timingRandom: createRandom(1),
    typesRandom: createRandom(2),
    leadMs,
    onError: (err) => {
      throw err;
    },
    onEmission: (t) => timings.push({ ...t, dueAt: t.dueAt - START, firedAt: t.firedAt - START }),
  });
  return { wall, calls, timings, schedule };
}

describe('RunningSchedule, emissions made ahead of their moment (decision 0033)', () => {
  it('makes each event leadMs before its moment and hands the moment on as `at`', async () => {
    const { wall, calls, timings, schedule } = run({ type: 'customer_created', everyMs: 200, count: 3 }, 30);
    await wall.advance(169);
    expect(calls).toEqual([]);
    await wall.advance(1);
    expect(calls).toEqual([{ now: 170, at: 200, args: 2 }]);
    // What a user reads is the moment, not when it was made.
    expect(schedule.view()).toMatchObject({ emitted: 1, lastEmittedAt: '2026-01-05T09:00:00.200Z', nextRunAt: '2026-01-05T09:00:00.400Z' });
    await wall.advance(1000);
    expect(calls.map((c) => [c.now, c.at])).toEqual([
      [170, 200],
      [370, 400],
      [570, 600],
    ]);
    expect(timings.map((t) => [t.dueAt, t.firedAt])).toEqual([
      [200, 200],
      [400, 400],
      [600, 600],
    ]);
    expect(schedule.view().state).toBe('finished');
  });

  it('with no lead (a clock that cannot aim) makes each event at its moment and passes no `at`', async () => {
    const { wall, calls } = run({ type: 'customer_created', everyMs: 200, count: 2 }, 0);
    await wall.advance(199);
    expect(calls).toEqual([]);
    await wall.advance(1000);
    expect(calls).toEqual([
      { now: 200, at: undefined, args: 1 },
      { now: 400, at: undefined, args: 1 },
    ]);
  });

  it('counts the lead in real ms under timeScale: the moments are scaled, the lead is not', async () => {
    // everyMs 1000 at timeScale 0.1: a moment every 100 real ms, each made 30 real ms ahead.
    const { wall, calls } = run({ type: 'customer_created', everyMs: 1000, count: 2 }, 30, 0.1);
    await wall.advance(69);
    expect(calls).toEqual([]);
    await wall.advance(1000);
    expect(calls.map((c) => [c.now, c.at])).toEqual([
      [70, 100],
      [170, 200],
    ]);
  });

  it('makes an overdue emission at once with no `at` (it happens when made, as before)', async () => {
    // The first timer (due at 170, 30 ahead of 200) fires at 450: past two moments, both emitted on it, at its time.
    const { wall, calls, timings } = run({ type: 'customer_created', everyMs: 200, count: 3 }, 30, 1, 280);
    await wall.advance(450);
    expect(calls.map((c) => [c.now, c.at])).toEqual([
      [450, undefined],
      [450, undefined],
    ]);
    expect(timings.map((t) => t.firedAt)).toEqual([450, 450]);
    await wall.advance(1000);
    expect(calls.at(-1)).toEqual({ now: 570, at: 600, args: 2 });
  });
});
