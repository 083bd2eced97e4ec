import { describe, expect, it } from 'vitest';
import { formatIssues } from '../core/format-issues.js';
import { resolveUntil, scheduleSpecSchema } from './schedule-config.js';

function problems(input: unknown): string[] {
  const parsed = scheduleSpecSchema.safeParse(input);
  return parsed.success ? [] : formatIssues(parsed.error.issues, input);
}

describe('scheduleSpecSchema', () => {
  it('accepts each timing field alone', () => {
    expect(problems({ type: 'customer_created', everyMs: 100 })).toEqual([]);
    expect(problems({ type: 'customer_created', ratePerMinute: 0.5 })).toEqual([]);
    expect(problems({ types: { customer_created: 1 }, cron: '*/5 * * * * *', count: 3, until: '1h' })).toEqual([]);
  });

  it.each([
    [{ everyMs: 1000 }, 'type: required: give one event type'],
    [{ type: 'customer_created' }, 'everyMs: required: say when to emit'],
    [{ type: 'customer_created', everyMs: 0 }, 'everyMs: must be at least 100'],
    [{ type: 'customer_created', ratePerMinute: 0 }, 'ratePerMinute: must be greater than 0'],
    [{ type: 'customer_created', everyMs: 1000, cron: '* * * * *' }, 'cron: give only one of "everyMs", "cron"'],
    [{ type: 'customer_created', cron: '61 * * * *' }, 'cron: not a valid cron expression'],
    [{ type: 'customer_created', cron: '0 0 30 2 *' }, 'cron: "0 0 30 2 *" never matches a date'],
    [{ type: 'customer_created', types: { customer_created: 1 }, everyMs: 1000 }, 'types: give either "type" or "types"'],
    [{ types: {}, everyMs: 1000 }, 'types: must name at least one event type'],
    [{ type: 'customer_deleted', everyMs: 1000 }, 'type: expected one of "customer_created"'],
    [{ type: 'customer_created', everyMs: 1000, until: 'later' }, 'until: expected an ISO-8601 time'],
    [{ type: 'customer_created', everyMs: 1000, every: 5 }, 'unknown key "every"'],
  ])('refuses %j, saying %s', (input, message) => {
    expect(problems(input).join('\n')).toContain(message);
  });
});

describe('resolveUntil', () => {
  it('reads durations from the start and ISO times as they are', () => {
    expect(resolveUntil('90s', 1000)).toBe(91_000);
    expect(resolveUntil('2026-01-05T09:00:00Z', 0)).toBe(Date.parse('2026-01-05T09:00:00Z'));
    expect(resolveUntil('May', 0)).toBeUndefined();
  });
});
