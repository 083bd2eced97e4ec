import type { Faker } from '@faker-js/faker';

/**
 * The world's own time. It starts at `world.startTime` and moves forward by a seeded gap before
 * each event, so a seeded run produces the same timestamps whenever it runs (the wall clock is
 * only read when `startTime` is "now").
 */
export class WorldClock {
  private current: number;

  constructor(
    private readonly start: number,
    private readonly faker: Faker,
  ) {
    this.current = start;
  }

  /** World time in epoch ms (whole seconds). */
  now(): number {
    return this.current;
  }

  /**
   * Moves time forward by a seeded gap (15 s .. 25 min, most gaps a few minutes) and returns it.
   * Events happen mostly in business hours, Australian time: a gap that lands outside them
   * (weekdays 8:00-18:00 AEST) moves on to the next business morning nine times in ten.
   */
  tick(): number {
    const minutes = this.faker.number.int({ min: 0, max: 24 });
    const seconds = this.faker.number.int({ min: 15, max: 59 });
    this.current += (minutes * 60 + seconds) * 1000;
    const afterHoursOk = this.faker.number.int({ min: 1, max: 10 }) === 1;
    if (!afterHoursOk && !inBusinessHours(this.current)) {
      this.current = nextBusinessMorning(this.current) + this.faker.number.int({ min: 0, max: 90 * 60 }) * 1000;
    }
    return this.current;
  }

  reset(): void {
    this.current = this.start;
  }

  /** Continues from a saved world time (a restored emulator). */
  restore(current: number): void {
    this.current = current;
  }
}

/**
 * Parses `world.startTime` ("now" reads `wallNow`), truncated to a whole second.
 *
 * @example worldStart('2026-01-05T09:00:00.000Z', Date.now) // 1767603600000
 */
export function worldStart(startTime: string, wallNow: () => number): number {
  const ms = startTime === 'now' ? wallNow() : Date.parse(startTime);
  return Math.floor(ms / 1000) * 1000;
}

/** `2026-01-05T09:14:22Z` (ISO-8601 UTC, whole seconds), as in `customer_created_at`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** `2026-01-05 09:14:22` (UTC), Solar Proof's MySQL-style format for project dates. */
export function sqlDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** AEST (UTC+10, Queensland's all-year time; the eastern states' standard time). */
const AEST_MS = 10 * 3_600_000;
const DAY_MS = 86_400_000;
const OPEN_HOUR = 8;
const CLOSE_HOUR = 18;

/** Weekdays 8:00-18:00 AEST. */
export function inBusinessHours(ms: number): boolean {
  const local = new Date(ms + AEST_MS);
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  return day >= 1 && day <= 5 && hour >= OPEN_HOUR && hour < CLOSE_HOUR;
}

/** 8:00 AEST of the next weekday after `ms` (the same day when `ms` is before 8:00 on a weekday). */
export function nextBusinessMorning(ms: number): number {
  const local = ms + AEST_MS;
  let dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  if (local >= dayStart + OPEN_HOUR * 3_600_000) dayStart += DAY_MS;
  // A weekday is at most three days away; a time JavaScript cannot hold has no weekday at all, so
  // the search is bounded rather than spinning for good (a restored clock is checked before this).
  for (let i = 0; i < 7; i++) {
    const day = new Date(dayStart).getUTCDay();
    if (day >= 1 && day <= 5) return dayStart + OPEN_HOUR * 3_600_000 - AEST_MS;
    dayStart += DAY_MS;
  }
  throw new RangeError(`world time ${ms} is outside the range of JavaScript dates`);
}
