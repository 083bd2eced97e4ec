import { describe, expect, it } from 'vitest';
import { parseScheduleFlag } from './parse-schedule-flag.js';

describe('parseScheduleFlag', () => {
  it.each([
    ['customer_created@5s', { type: 'customer_created', everyMs: 5000 }],
    ['customer_created@250ms', { type: 'customer_created', everyMs: 250 }],
    ['customer_created@1500', { type: 'customer_created', everyMs: 1500 }],
    ['project_sms_sent@30/min', { type: 'project_sms_sent', ratePerMinute: 30 }],
    ['project_sms_sent@2/s', { type: 'project_sms_sent', ratePerMinute: 120 }],
    ['project_sms_sent@30/minx10', { type: 'project_sms_sent', ratePerMinute: 30, count: 10 }],
    ['customer_created@5s x3', { type: 'customer_created', everyMs: 5000, count: 3 }],
    ['customer_created@cron:*/5 * * * * *', { type: 'customer_created', cron: '*/5 * * * * *' }],
    ['customer_created@cron(0,30 * * * * *)x4,until=10m', { type: 'customer_created', cron: '0,30 * * * * *', count: 4, until: '10m' }],
    ['customer_created@1m,apiKey=sp_other,name=steady', { type: 'customer_created', everyMs: 60_000, apiKey: 'sp_other', name: 'steady' }],
    [
      'customer_created:3+project_sms_sent:1@1s',
      { types: { customer_created: 3, project_sms_sent: 1 }, everyMs: 1000 },
    ],
    ['customer_created+project_sms_sent@1s', { types: { customer_created: 1, project_sms_sent: 1 }, everyMs: 1000 }],
  ])('reads %s', (text, expected) => {
    expect(parseScheduleFlag(text)).toEqual(expected);
  });

  it.each([
    ['customer_created', /expected TYPES@WHEN/],
    ['@5s', /no event type/],
    ['customer_deleted@5s', /type: expected one of "customer_created"/],
    ['customer_created@50ms', /everyMs: must be at least 100/],
    ['customer_created@0s', /everyMs: must be at least 100/],
    ['customer_created@soon', /cannot read "soon"/],
    ['customer_created@3/week', /unknown rate unit "\/week"/],
    ['customer_created@cron:not a cron', /cron: not a valid cron expression/],
    ['customer_created@cron(* * * * *', /no closing/],
    ['customer_created@5s,color=red', /unknown option "color=red"/],
    ['customer_created@5s,until=tomorrow', /until: expected an ISO-8601 time/],
    ['customer_created:0+project_sms_sent@5s', /weight of "customer_created"/],
    ['customer_created@5sx0', /count: must be at least 1/],
  ])('refuses %s with a message saying what is wrong', (text, message) => {
    expect(() => parseScheduleFlag(text)).toThrow(message);
  });

  it('shows the syntax in every error', () => {
    expect(() => parseScheduleFlag('nope')).toThrow(/Syntax: TYPES@WHEN/);
  });
});

