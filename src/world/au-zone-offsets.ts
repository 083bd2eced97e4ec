/**
 * The UTC offset of the world's Australian zones without `Intl`: creating any
 * `Intl.DateTimeFormat` loads ICU's formatting and zone data, ~8 MiB of a process's RSS
 * (docs/decisions/0037), for what is, since 2009, a fixed rule: Perth, Brisbane and Darwin keep
 * one offset all year; Sydney, Canberra, Melbourne and Hobart (+10:00) and Adelaide (+9:30) add an
 * hour from the first Sunday of October to the first Sunday of April, both at 02:00 standard time
 * (IANA's `AN`, `AV`, `AT` and `AS` rules from 2008, Perth's last summer time ended in March 2009).
 * Outside 2010-2099 it answers undefined and the caller asks `Intl` (IANA's history);
 * test/catalogue/business-hours.test.ts checks it against `Intl` every 49 hours over 2010-2040 and every minute around each change.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const FROM = Date.UTC(2010, 0, 1);
const UNTIL = Date.UTC(2100, 0, 1);

/** Standard offset (ms) and whether the zone keeps summer time. */
const ZONES: Readonly<Record<string, { standard: number; summer: boolean }>> = {
  'Australia/Sydney': { standard: 10 * HOUR, summer: true },
  'Australia/Melbourne': { standard: 10 * HOUR, summer: true },
  'Australia/Hobart': { standard: 10 * HOUR, summer: true },
  'Australia/Adelaide': { standard: 9.5 * HOUR, summer: true },
  'Australia/Brisbane': { standard: 10 * HOUR, summer: false },
  'Australia/Darwin': { standard: 9.5 * HOUR, summer: false },
  'Australia/Perth': { standard: 8 * HOUR, summer: false },
};

/** 02:00 on the first Sunday of `month` (0-based) of `year`, as epoch ms of those fields read as UTC. */
function firstSundayTwoAm(year: number, month: number): number {
  const first = Date.UTC(year, month, 1);
  const weekday = new Date(first).getUTCDay();
  return first + ((7 - weekday) % 7) * DAY + 2 * HOUR;
}

/**
 * The offset from UTC (ms) of `zone` at `ms`, or undefined for a zone this does not know or a
 * time outside 2010-2099.
 *
 * @example zoneOffsetMs(Date.UTC(2026, 0, 15), 'Australia/Sydney') // 39_600_000 (+11:00, summer time)
 */
export function zoneOffsetMs(ms: number, zone: string): number | undefined {
  const z = ZONES[zone];
  if (z === undefined || !(ms >= FROM && ms < UNTIL)) return undefined;
  if (!z.summer) return z.standard;
  // Local standard time, read as UTC: the rule's changes are at 02:00 standard time.
  const standardLocal = ms + z.standard;
  const year = new Date(standardLocal).getUTCFullYear();
  const summer = standardLocal < firstSundayTwoAm(year, 3) || standardLocal >= firstSundayTwoAm(year, 9);
  return summer ? z.standard + HOUR : z.standard;
}
