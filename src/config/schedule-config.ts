import { createRequire } from 'node:module';
import type { Cron } from 'croner';
import { z } from 'zod';
import { EVENT_TYPES } from '../core/event-types.js';
import { parseDuration } from '../core/parse-duration.js';

/** The highest rate a schedule may ask for (1000 events/s); more would starve deliveries. */
export const MAX_RATE_PER_MINUTE = 60_000;
export const MIN_EVERY_MS = 100;
/**
 * The slowest a schedule may be: one event a year (`everyMs`), about one a week on average
 * (`ratePerMinute`). Slower ones are mistakes, and their next run time would fall past the
 * range a date can hold.
 */
export const MAX_EVERY_MS = 365 * 24 * 3_600_000;
export const MIN_RATE_PER_MINUTE = 1e-4;
const TIMING_FIELDS = ['everyMs', 'ratePerMinute', 'cron'] as const;

/**
 * Reads `until`: an ISO-8601 time, or a duration (`30s`, `10m`, `2h`) counted from the
 * schedule's start. Returns the end as schedule time (ms since the epoch), or undefined if bad.
 */
export function resolveUntil(until: string, startMs: number): number | undefined {
  const duration = parseDuration(until);
  if (duration !== undefined) return startMs + duration;
  // Only full timestamps: Date.parse would also take "5" or "May" and mean something surprising.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(until)) return undefined;
  const at = Date.parse(until);
  return Number.isNaN(at) ? undefined : at;
}

let CronClass: typeof Cron | undefined;
/** Croner's reading of a cron expression (5 or 6 fields, seconds first when 6), in UTC. */
export function parseCron(expr: string): Cron {
  // croner loads with the first cron expression, not at import: ~9 ms of CPU that a start without
  // a cron schedule never needs (decision 0051). Its CommonJS entry, so `require` works everywhere.
  CronClass ??= (createRequire(import.meta.url)('croner') as typeof import('croner')).Cron;
  return new CronClass(expr, { paused: true, timezone: 'UTC' });
}

/** One schedule: events triggered over time (POST /_emulator/schedules, config `schedules`). */
export const scheduleSpecSchema = z
  .strictObject({
    /** Shown in listings and logs; no meaning otherwise. */
    name: z.string().min(1).max(100).optional(),
    type: z.enum(EVENT_TYPES).optional(),
    types: z.partialRecord(z.enum(EVENT_TYPES), z.number().positive()).optional(),
    everyMs: z
      .number()
      .int()
      .min(MIN_EVERY_MS, `must be at least ${MIN_EVERY_MS} (milliseconds between events)`)
      .max(MAX_EVERY_MS, `must be at most ${MAX_EVERY_MS} (one event a year)`)
      .optional(),
    ratePerMinute: z
      .number()
      .positive('must be greater than 0 (average events per minute)')
      .min(MIN_RATE_PER_MINUTE, `must be at least ${MIN_RATE_PER_MINUTE} (about one event a week on average)`)
      .max(MAX_RATE_PER_MINUTE, `must be at most ${MAX_RATE_PER_MINUTE} (1000 events/s)`)
      .optional(),
    cron: z.string().min(1).optional(),
    count: z.number().int().min(1, 'must be at least 1 (how many events before the schedule finishes)').optional(),
    until: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    overrides: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.type === undefined && s.types === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: 'required: give one event type ("type") or a weighted mix ("types": {"customer_created": 3, ...})',
      });
    }
    if (s.type !== undefined && s.types !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['types'], message: 'give either "type" or "types", not both' });
    }
    if (s.types !== undefined && Object.keys(s.types).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['types'], message: 'must name at least one event type with a positive weight' });
    }
    const timing = TIMING_FIELDS.filter((f) => s[f] !== undefined);
    if (timing.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['everyMs'],
        message: 'required: say when to emit with one of "everyMs" (>= 100), "ratePerMinute" or "cron"',
      });
    }
    if (timing.length > 1) {
      ctx.addIssue({ code: 'custom', path: [timing[1]!], message: `give only one of ${timing.map((t) => `"${t}"`).join(', ')}` });
    }
    if (s.cron !== undefined) {
      try {
        // A pattern such as "0 0 30 2 *" parses but no date matches it: a schedule that could
        // never emit is a mistake, so say so rather than start one that is finished at once.
        if (parseCron(s.cron).nextRun(new Date(0)) === null) {
          ctx.addIssue({ code: 'custom', path: ['cron'], message: `${JSON.stringify(s.cron)} never matches a date (e.g. 30 February); check the day and month fields` });
        }
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        ctx.addIssue({
          code: 'custom',
          path: ['cron'],
          message: `not a valid cron expression (${why}); use 5 fields ("*/5 * * * *") or 6 with seconds first ("*/10 * * * * *")`,
        });
      }
    }
    if (s.until !== undefined && resolveUntil(s.until, 0) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: `expected an ISO-8601 time ("2026-01-05T10:00:00Z") or a duration from the start ("30s", "10m", "2h"), got ${JSON.stringify(s.until)}`,
      });
    }
  });
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

export const scenariosConfigSchema = z.strictObject({
  /** Folders of user scenario files (*.json), besides the built-ins. */
  dirs: z.array(z.string().min(1)).default([]),
});
