import { EmulatorError } from '../../core/errors.js';
import { scheduleSpecSchema } from '../../config/schedule-config.js';
import type { ScheduleView } from '../../schedules/running-schedule.js';
import { defineRoute, type ControlRoute } from './route.js';
import { scheduleListSchema, scheduleViewSchema } from './response-schemas.js';

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
    defineRoute({
      method: 'get',
      path: '/schedules',
      summary: 'Every schedule with its state, next run time and emitted count',
      responses: { 200: scheduleListSchema },
      handle: ({ res }) => {
        res.json({ schedules: deps.schedules.list() });
      },
    }),
    defineRoute<unknown>({
      method: 'post',
      path: '/schedules',
      summary: 'Start a schedule: {"type"|"types", "everyMs"|"ratePerMinute"|"cron", "count"?, "until"?, "apiKey"?, "overrides"?}',
      responses: { 201: scheduleViewSchema },
      body: scheduleSpecSchema,
      // The scheduler parses the spec with this schema, then checks it against the running emulator.
      parseBody: (raw) => raw ?? {},
      handle: ({ res, body }) => {
        const view = deps.schedules.start(body);
        res.status(201).location(`/_emulator/schedules/${view.id}`).json(view);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schedules/:id',
      summary: 'One schedule',
      responses: { 200: scheduleViewSchema },
      handle: ({ res, params }) => {
        const view = deps.schedules.get(String(params.id));
        if (!view) throw unknown(String(params.id));
        res.json(view);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/schedules/:id',
      summary: 'Stop a schedule at once and remove it; answers its final state',
      responses: { 200: scheduleViewSchema },
      handle: ({ res, params }) => {
        const view = deps.schedules.stop(String(params.id));
        if (!view) throw unknown(String(params.id));
        res.json(view);
      },
    }),
  ];
}
