import { z } from 'zod';
import { EVENT_TYPES } from '../catalogue/event-types.js';

/** One schedule: events emitted over time (POST /_emulator/schedules, config `schedules`). */
export const scheduleSpecSchema = z.strictObject({
  type: z.enum(EVENT_TYPES).optional(),
  types: z.partialRecord(z.enum(EVENT_TYPES), z.number().positive()).optional(),
  everyMs: z.number().int().min(100).optional(),
  ratePerMinute: z.number().positive().optional(),
  cron: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
  until: z.string().optional(),
  apiKey: z.string().min(1).optional(),
  overrides: z.record(z.string(), z.unknown()).optional(),
});
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

export const scenariosConfigSchema = z.strictObject({
  /** Folders of user scenario files (*.json), besides the built-ins. */
  dirs: z.array(z.string().min(1)).default([]),
});
