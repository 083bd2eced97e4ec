import type { Faker } from '@faker-js/faker';
import { inBusinessHours, nextBusinessMorning } from './business-hours.js';

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
   * Events happen mostly in business hours in their site's own zone (business-hours.ts: weekdays
   * 8:00-18:00 local, daylight saving included, in every state at once): a gap that lands outside
   * them moves on to the next business morning nine times in ten.
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

export { inBusinessHours, inSiteBusinessHours, nextBusinessMorning, nextBusinessWindow, STATE_TIME_ZONES } from './business-hours.js';
