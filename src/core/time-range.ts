/**
 * The times the emulator accepts from a document or a config file. JavaScript dates hold
 * +-8.64e15 ms (year 275760); the world clock is kept far below that, so that no number of events
 * can move it out of range (each event moves it by minutes to days), and so that a time it makes
 * always formats as a four-digit year.
 */
export const EPOCH_MS_MAX = 8.64e15;
/** 1970-01-01T00:00:00Z: the world clock starts no earlier. */
export const WORLD_TIME_MIN = 0;
/** 9000-01-01T00:00:00Z: the world clock starts no later (a thousand years of events to spare). */
export const WORLD_TIME_MAX = Date.UTC(9000, 0, 1);
/** The largest id counter a document may hold (ids are `<prefix>_<n>`, at most 15 digits once issued). */
export const ID_COUNTER_MAX = 999_999_999_999;

/** Why `ms` cannot be a world time, or undefined when it can. */
export function worldTimeProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < WORLD_TIME_MIN || ms > WORLD_TIME_MAX) {
    return `must be a time from 1970-01-01T00:00:00Z to 9000-01-01T00:00:00Z (epoch ms ${WORLD_TIME_MIN}..${WORLD_TIME_MAX}), so that events can move it on`;
  }
  return undefined;
}
