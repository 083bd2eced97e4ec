import { scheduleSpecSchema, type ScheduleSpec } from './schedule-config.js';
import { EmulatorError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { parseDuration } from '../core/parse-duration.js';

/** Per-minute factor of each rate unit in `30/min`, `2/s`, `100/h`. */
const RATE_UNITS: Record<string, number> = { s: 60, sec: 60, m: 1, min: 1, h: 1 / 60, hour: 1 / 60 };
const OPTION_KEYS = ['until', 'apiKey', 'name'] as const;

export const SCHEDULE_FLAG_SYNTAX = [
  'TYPES@WHEN[xCOUNT][,until=T][,apiKey=KEY][,name=NAME]',
  '  TYPES: customer_created, or a weighted mix: customer_created:3+project_sms_sent:1',
  '  WHEN:  5s | 250ms | 2m (every) ; 30/min | 2/s | 100/h (Poisson rate) ; cron(*/5 * * * * *) (UTC)',
  '  e.g.   customer_created@5s   project_sms_sent@30/minx100   customer_created@cron(0 */5 * * * *),until=1h',
].join('\n');

/**
 * Reads one `--schedule` value into a validated ScheduleSpec; throws an Error whose message
 * says what is wrong and shows the syntax (an `EmulatorError` INVALID_SCHEDULE).
 *
 * @example
 *   parseScheduleFlag('customer_created@5s');       // { type: 'customer_created', everyMs: 5000 }
 *   parseScheduleFlag('project_sms_sent@30/minx10'); // { type: 'project_sms_sent', ratePerMinute: 30, count: 10 }
 *   parseScheduleFlag('customer_created@cron:*\/5 * * * * *'); // cron to the end of the text
 */
export function parseScheduleFlag(text: string): ScheduleSpec {
  const fail = (why: string): never => {
    throw new EmulatorError('INVALID_SCHEDULE', `Invalid schedule "${text}": ${why}. Syntax: ${SCHEDULE_FLAG_SYNTAX}`);
  };
  const at = text.indexOf('@');
  if (at < 0) fail('expected TYPES@WHEN, e.g. customer_created@5s');
  const raw: Record<string, unknown> = { ...readTypes(text.slice(0, at).trim(), fail) };
  Object.assign(raw, readWhen(text.slice(at + 1).trim(), fail));
  const parsed = scheduleSpecSchema.safeParse(raw);
  if (!parsed.success) fail(formatIssues(parsed.error.issues, raw).join('; '));
  return parsed.data!;
}

function readTypes(text: string, fail: (why: string) => never): Record<string, unknown> {
  if (text === '') fail('no event type before "@"');
  const parts = text.split('+').map((p) => p.trim());
  if (parts.length === 1 && !parts[0]!.includes(':')) return { type: parts[0] };
  const types: Record<string, number> = {};
  for (const part of parts) {
    const [name = '', weightText] = part.split(':');
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (!(weight > 0)) fail(`weight of "${name}" must be a number greater than 0, got "${weightText}"`);
    types[name] = weight;
  }
  return { types };
}

function readWhen(text: string, fail: (why: string) => never): Record<string, unknown> {
  // `cron:EXPR` takes the rest of the text, so it cannot carry options; `cron(EXPR)` can.
  if (text.startsWith('cron:')) return { cron: text.slice(5).trim() };
  const out: Record<string, unknown> = {};
  let tail = text;
  if (text.startsWith('cron(')) {
    const close = text.indexOf(')');
    if (close < 0) fail('"cron(" has no closing ")"');
    out.cron = text.slice(5, close).trim();
    tail = text.slice(close + 1);
  }
  const [head = '', ...options] = tail.split(',');
  // The count suffix sits right after WHEN: `5sx10`, `30/min x10`, `cron(...)x10`.
  const m = /^(.*?)\s*(?:x(\d+))?\s*$/.exec(head)!;
  if (m[2] !== undefined) out.count = Number(m[2]);
  if (out.cron === undefined) Object.assign(out, readTiming(m[1]!.trim(), fail));
  else if (m[1]!.trim() !== '') fail(`unexpected "${m[1]!.trim()}" after cron(...); only xCOUNT may follow`);
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim();
    if (eq < 0 || !(OPTION_KEYS as readonly string[]).includes(key)) {
      fail(`unknown option "${option.trim()}"; options are ${OPTION_KEYS.map((k) => `${k}=...`).join(', ')}`);
    }
    out[key] = option.slice(eq + 1).trim();
  }
  return out;
}

function readTiming(text: string, fail: (why: string) => never): Record<string, unknown> {
  const rate = /^(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)$/.exec(text);
  if (rate) {
    const factor = RATE_UNITS[rate[2]!];
    if (factor === undefined) fail(`unknown rate unit "/${rate[2]}"; use /s, /min or /h`);
    return { ratePerMinute: Number(rate[1]) * factor! };
  }
  const every = parseDuration(text);
  if (every === undefined) fail(`cannot read "${text}" as an interval (5s, 250ms, 2m), a rate (30/min) or cron(...)`);
  return { everyMs: every };
}
