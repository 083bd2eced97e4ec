import { EmulatorError } from '../../core/errors.js';
import type { ScheduleView } from '../../schedules/running-schedule.js';
import { routes } from '../../contract/routes.js';
import { bind, type ControlRoute } from './route.js';

export interface ScheduleRouteDeps {
  schedules: {
    list(): ScheduleView[];
    /** Validates (throws a ScheduleError listing every problem) and starts. */
    start(input: unknown): ScheduleView;
    get(id: string): ScheduleView | undefined;
    stop(id: string): ScheduleView | undefined;
  };
}

/** Schedules: events over time. */
export function scheduleRoutes(deps: ScheduleRouteDeps): ControlRoute[] {
  const unknown = (id: string): EmulatorError =>
    new EmulatorError('UNKNOWN_SCHEDULE', `No schedule "${id}". GET /_emulator/schedules lists them (stopped schedules leave the list; finished ones stay).`);
  return [
    bind(routes.listSchedules, ({ res }) => {
      res.json({ schedules: deps.schedules.list() });
    }),
    bind<typeof routes.createSchedule, unknown>(
      routes.createSchedule,
      ({ res, body }) => {
        const view = deps.schedules.start(body);
        res.status(201).location(`/_emulator/schedules/${view.id}`).json(view);
      },
      // The scheduler parses the spec with this schema, then checks it against the running emulator.
      { parseBody: (raw) => raw ?? {} },
    ),
    bind(routes.getSchedule, ({ res, params }) => {
      const view = deps.schedules.get(String(params.id));
      if (!view) throw unknown(String(params.id));
      res.json(view);
    }),
    bind(routes.deleteSchedule, ({ res, params }) => {
      const view = deps.schedules.stop(String(params.id));
      if (!view) throw unknown(String(params.id));
      res.json(view);
    }),
  ];
}
