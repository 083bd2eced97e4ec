import type { Emulator } from '../../emulator.js';
import { ScheduleError } from '../../schedules/scheduler.js';
import { sendProblem } from '../problem.js';
import type { ControlRoute } from './route.js';

/** Schedules: events emitted over time. */
export function scheduleRoutes(emu: Emulator): ControlRoute[] {
  const unknown = (id: string): string =>
    `No schedule "${id}". GET /_emulator/schedules lists them (stopped schedules leave the list; finished ones stay).`;
  return [
    {
      method: 'get',
      path: '/schedules',
      summary: 'Every schedule with its state, next run time and emitted count',
      handler: (_req, res) => {
        res.json({ schedules: emu.schedules.list() });
      },
    },
    {
      method: 'post',
      path: '/schedules',
      summary: 'Start a schedule: {"type"|"types", "everyMs"|"ratePerMinute"|"cron", "count"?, "until"?, "apiKey"?, "overrides"?}',
      handler: (req, res) => {
        try {
          const view = emu.schedules.start(req.body ?? {});
          res.status(201).location(`/_emulator/schedules/${view.id}`).json(view);
        } catch (err) {
          if (!(err instanceof ScheduleError)) throw err;
          sendProblem(res, 400, err.code, err.message, { problems: err.problems });
        }
      },
    },
    {
      method: 'get',
      path: '/schedules/:id',
      summary: 'One schedule',
      handler: (req, res) => {
        const view = emu.schedules.get(String(req.params.id));
        if (!view) return sendProblem(res, 404, 'UNKNOWN_SCHEDULE', unknown(String(req.params.id)));
        res.json(view);
      },
    },
    {
      method: 'delete',
      path: '/schedules/:id',
      summary: 'Stop a schedule at once and remove it; answers its final state',
      handler: (req, res) => {
        const view = emu.schedules.stop(String(req.params.id));
        if (!view) return sendProblem(res, 404, 'UNKNOWN_SCHEDULE', unknown(String(req.params.id)));
        res.json(view);
      },
    },
  ];
}
