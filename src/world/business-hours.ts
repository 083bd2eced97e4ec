/**
 * Business hours in each site's own time zone, daylight saving included (IANA zones: the fixed
 * rule of 2010-2099 in au-zone-offsets.ts, `Intl.DateTimeFormat` outside it): weekdays 8:00-18:00 local. Perth, Brisbane and Darwin keep one offset
 * all year; Sydney, Canberra, Melbourne, Hobart and Adelaide move an hour in summer.
 *
 * The world has one clock for every account and site, so its rule is the hours when **every**
 * Australian site is open: an event then is within business hours in whichever state its site
 * is (8:00-15:00 in Perth and 11:00-18:00 in Sydney in summer; 8:00-16:00 and 10:00-18:00 in
 * winter). See docs/decisions/0020-business-hours-by-site-zone.md.
 */
import type { StateCode } from './au-places.js';
import { zoneOffsetMs } from './au-zone-offsets.js';

/** The IANA time zone of each state's sites (Broken Hill's ACST is not modelled: no NSW suburb of the world's list is there). */
export const STATE_TIME_ZONES: Readonly<Record<StateCode, string>> = {
  NSW: 'Australia/Sydney',
  ACT: 'Australia/Sydney',
  VIC: 'Australia/Melbourne',
  TAS: 'Australia/Hobart',
  QLD: 'Australia/Brisbane',
  SA: 'Australia/Adelaide',
  NT: 'Australia/Darwin',
  WA: 'Australia/Perth',
};

const ZONES = [...new Set(Object.values(STATE_TIME_ZONES))];
const OPEN_HOUR = 8;
const CLOSE_HOUR = 18;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-AU', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * The wall-clock time in `zone` at `ms`, as the epoch ms of the same fields read as UTC (whole
 * seconds). From the fixed rule of 2010-2099 (`zoneOffsetMs`), else through `Intl`.
 */
export function localFields(ms: number, zone: string): number {
  const offset = zoneOffsetMs(ms, zone);
  if (offset !== undefined) return Math.floor((ms + offset) / 1000) * 1000;
  return intlLocalFields(ms, zone);
}

/** localFields through `Intl` (IANA's history; loads ICU's zone and formatting data, ~8 MiB). */
export function intlLocalFields(ms: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** Local weekday (0 Sunday) and hour in `zone` at `ms`. */
export function localTime(ms: number, zone: string): { weekday: number; hour: number } {
  const local = new Date(localFields(ms, zone));
  return { weekday: local.getUTCDay(), hour: local.getUTCHours() };
}

/** True when `ms` is a weekday between 8:00 and 18:00 in `zone` (a site's own zone). */
export function inSiteBusinessHours(ms: number, zone: string): boolean {
  const { weekday, hour } = localTime(ms, zone);
  return weekday >= 1 && weekday <= 5 && hour >= OPEN_HOUR && hour < CLOSE_HOUR;
}

/** The epoch ms of local `hour`:00 on local day `day` (days since the epoch) in `zone`; DST-safe. */
function zonedHour(day: number, hour: number, zone: string): number {
  const wanted = day * DAY_MS + hour * 3_600_000;
  const guess = wanted - (localFields(wanted, zone) - wanted);
  return wanted - (localFields(guess, zone) - guess);
}

const windows = new Map<number, { open: number; close: number } | null>();
/** Local day `day`'s window when every zone is open, or null on a weekend. */
function windowOf(day: number): { open: number; close: number } | null {
  let w = windows.get(day);
  if (w === undefined) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    w = weekday >= 1 && weekday <= 5 ? { open: Math.max(...ZONES.map((z) => zonedHour(day, OPEN_HOUR, z))), close: Math.min(...ZONES.map((z) => zonedHour(day, CLOSE_HOUR, z))) } : null;
    if (windows.size > 10_000) windows.clear();
    windows.set(day, w);
  }
  return w;
}

/** The world's rule: `ms` is within business hours in every Australian site's own zone. */
export function inBusinessHours(ms: number): boolean {
  const day = Math.floor(ms / DAY_MS);
  for (const d of [day - 1, day, day + 1]) {
    const w = windowOf(d);
    if (w && ms >= w.open && ms < w.close) return true;
  }
  return false;
}

/**
 * The next opening of the world's business hours after `ms` (the same day's when `ms` is before
 * it on a weekday), with that day's closing time.
 */
export function nextBusinessWindow(ms: number): { open: number; close: number } {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15 - 30 * DAY_MS) throw new RangeError(`world time ${ms} is outside the range of JavaScript dates`);
  const day = Math.floor(ms / DAY_MS);
  for (let d = day - 1; d <= day + 8; d++) {
    const w = windowOf(d);
    if (w && w.open > ms) return w;
  }
  throw new RangeError(`no business day found after world time ${ms}`);
}

/** The next opening of the world's business hours after `ms`. */
export function nextBusinessMorning(ms: number): number {
  return nextBusinessWindow(ms).open;
}
