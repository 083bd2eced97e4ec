// Business hours in each site's own time zone, daylight saving included: unit checks on both
// sides of the 2026 DST changes, and a property over thousands of seeded events that cross them.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import type { EventType } from '../../src/core/event-types.js';
import { inBusinessHours, inSiteBusinessHours, intlLocalFields, localFields, nextBusinessMorning, STATE_TIME_ZONES } from '../../src/world/business-hours.js';
import { zoneOffsetMs } from '../../src/world/au-zone-offsets.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

const open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
const at = (iso: string): number => Date.parse(iso);

describe('the zones\' offsets without Intl (decision 0037)', () => {
  const zones = [...new Set(Object.values(STATE_TIME_ZONES)), 'Australia/Darwin'];
  it('agree with Intl every 49 hours over 2010-2040 and every minute within an hour of each summer-time change', () => {
    const HOUR = 3_600_000;
    let checked = 0;
    const mismatches: string[] = [];
    const check = (ms: number, zone: string): void => {
      checked++;
      if (localFields(ms, zone) !== intlLocalFields(ms, zone)) mismatches.push(`${zone} ${new Date(ms).toISOString()}`);
    };
    for (const zone of zones) {
      for (let ms = Date.UTC(2010, 0, 1); ms < Date.UTC(2041, 0, 1); ms += 49 * HOUR + 13_000) check(ms, zone);
      for (let year = 2010; year < 2041; year++) {
        for (const month of [3, 9]) {
          // Where the offset changes this year (if it does): a step through the month finds it.
          for (let ms = Date.UTC(year, month, 1) - 2 * HOUR; ms < Date.UTC(year, month, 9); ms += HOUR) {
            if (zoneOffsetMs(ms, zone) === zoneOffsetMs(ms + HOUR, zone)) continue;
            for (let m = ms - HOUR; m < ms + 2 * HOUR; m += 60_000) check(m, zone);
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(70_000);
  });

  it('answer undefined outside 2010-2099 and for other zones, where Intl answers', () => {
    expect(zoneOffsetMs(Date.UTC(2009, 5, 1), 'Australia/Sydney')).toBeUndefined();
    expect(zoneOffsetMs(Date.UTC(2100, 0, 1), 'Australia/Sydney')).toBeUndefined();
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'Australia/Broken_Hill')).toBeUndefined();
    // Perth's summer-time trial (2006-2009): Intl's history, through the fallback.
    expect(localFields(Date.UTC(2008, 0, 15, 0, 0, 0), 'Australia/Perth')).toBe(Date.UTC(2008, 0, 15, 9, 0, 0));
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15), 'Australia/Sydney')).toBe(11 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15), 'Australia/Adelaide')).toBe(9.5 * 3_600_000);
  });
});

describe('a site is open weekdays 8:00-18:00 in its own zone', () => {
  it('Sydney moves with daylight saving (ends 5 April 2026), Brisbane and Perth never do', () => {
    // Thursday 2 April 2026, 21:30 UTC: Friday 8:30 in Sydney (AEDT, UTC+11), 7:30 in Brisbane, 5:30 in Perth.
    expect(inSiteBusinessHours(at('2026-04-02T21:30:00Z'), 'Australia/Sydney')).toBe(true);
    expect(inSiteBusinessHours(at('2026-04-02T21:30:00Z'), 'Australia/Brisbane')).toBe(false);
    // Sunday 5 April 21:30 UTC: Monday 7:30 in Sydney (AEST again): not yet open.
    expect(inSiteBusinessHours(at('2026-04-05T21:30:00Z'), 'Australia/Sydney')).toBe(false);
    // 07:30 UTC: 18:30 in Sydney in summer (closed), 17:30 in winter (open); Perth 15:30 both.
    expect(inSiteBusinessHours(at('2026-03-04T07:30:00Z'), 'Australia/Sydney')).toBe(false);
    expect(inSiteBusinessHours(at('2026-06-03T07:30:00Z'), 'Australia/Sydney')).toBe(true);
    expect(inSiteBusinessHours(at('2026-03-04T07:30:00Z'), 'Australia/Perth')).toBe(true);
    // Adelaide is UTC+10:30 in summer: 21:45 UTC is 8:15 the next morning.
    expect(inSiteBusinessHours(at('2026-03-03T21:45:00Z'), 'Australia/Adelaide')).toBe(true);
    expect(inSiteBusinessHours(at('2026-03-03T21:45:00Z'), 'Australia/Darwin')).toBe(false);
  });

  it("the world's rule is the hours when every state is open; the next morning is 8:00 in Perth", () => {
    expect(inBusinessHours(at('2026-03-04T06:59:00Z'))).toBe(true); // 17:59 Sydney (AEDT), 14:59 Perth
    expect(inBusinessHours(at('2026-03-04T07:00:00Z'))).toBe(false); // 18:00 Sydney
    expect(inBusinessHours(at('2026-06-03T07:30:00Z'))).toBe(true); // 17:30 Sydney (AEST)
    expect(inBusinessHours(at('2026-03-07T02:00:00Z'))).toBe(false); // Saturday
    expect(new Date(nextBusinessMorning(at('2026-04-03T12:00:00Z'))).toISOString()).toBe('2026-04-06T00:00:00.000Z'); // Friday night -> Monday
    expect(new Date(nextBusinessMorning(at('2026-04-06T08:00:00Z'))).toISOString()).toBe('2026-04-07T00:00:00.000Z');
  });
});

const TYPES: EventType[] = ['customer_created', 'project_email_sent', 'project_sms_sent', 'recent_draft_project', 'published_proposal_link', 'contract_signed', 'customer_status_change'];

/** Each event's time and its site's zone (the project's site, else the customer's address). */
function siteTimes(emu: Emulator, rounds: number): Array<{ ms: number; zone: string; gap: number }> {
  const out: Array<{ ms: number; zone: string; gap: number }> = [];
  let last = Number.NaN;
  for (let r = 0; r < rounds; r++) {
    for (const type of TYPES) {
      for (const e of emu.events.trigger({ type, count: 10 }).events) {
        const ms = Date.parse(e.occurredAt);
        const w = emu.catalogue.world().account(API_KEY);
        const customer = w.customers.get(e.subject.customerId);
        const project = e.subject.projectId === undefined ? undefined : w.projects.get(e.subject.projectId);
        const state = (project?.siteAddress ?? customer?.address)?.state;
        if (state !== undefined) out.push({ ms, zone: STATE_TIME_ZONES[state as keyof typeof STATE_TIME_ZONES], gap: ms - last });
        last = ms;
      }
    }
  }
  return out;
}

describe('property: events happen in business hours in their site own zone, across DST changes', () => {
  it.each([
    [5, '2026-03-02T00:00:00Z', '2026-04-05T00:00:00Z'],
    [6, '2026-09-01T00:00:00Z', '2026-10-04T00:00:00Z'],
  ])('seed %i from %s (DST change %s): every event that waited for a morning is open in its zone, and most others', (seed, start, dstChange) => {
    const emu = catalogueEmulator(seed, { world: { startTime: start, initialCustomers: 40 } });
    open.push(emu);
    const times = siteTimes(emu, 30);
    expect(times.length).toBeGreaterThan(2000);
    // The run crosses the change, and sites in zones with and without daylight saving are in it.
    expect(times[0]!.ms).toBeLessThan(at(dstChange));
    expect(times.at(-1)!.ms).toBeGreaterThan(at(dstChange) + 7 * 86_400_000);
    const zones = new Set(times.map((t) => t.zone));
    for (const z of ['Australia/Sydney', 'Australia/Perth', 'Australia/Brisbane', 'Australia/Melbourne']) expect(zones, z).toContain(z);
    // An event after a jump (a gap over 25 minutes) was moved to a business morning: open in its zone, always.
    const jumped = times.filter((t) => t.gap > 25 * 60_000);
    expect(jumped.length).toBeGreaterThan(30);
    expect(jumped.filter((t) => !inSiteBusinessHours(t.ms, t.zone))).toEqual([]);
    // The rest follow the rule nine times in ten (an after-hours event is one the rule lets stay).
    const openShare = times.filter((t) => inSiteBusinessHours(t.ms, t.zone)).length / times.length;
    expect(openShare).toBeGreaterThan(0.85);
  });
});
