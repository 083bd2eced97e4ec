import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStateFile } from './data-dir.js';

/** The reservation file inside a data dir. */
export const IDS_FILE = 'ids.json';
/** How far ahead of the ids issued a reservation reaches: one small write per this many ids. */
export const RESERVE_AHEAD = 100;

/**
 * The lowest next id of each sequence whose ids can be seen outside before the state file has
 * them (a webhook or an SSE frame of a schedule tick, a retry, a scenario step). Each is a "next"
 * number: `nextEventId` 12 means evt_1..evt_11 may have been seen.
 */
export interface IdMarks {
  nextEventId: number;
  nextDeliveryId: number;
  nextCustomerId: number;
  nextProjectId: number;
}
const KEYS = ['nextEventId', 'nextDeliveryId', 'nextCustomerId', 'nextProjectId'] as const;

/** The counters a saved state document holds, as far as the reservation raises them. */
interface SavedCounters {
  catalogue?: { nextEventId?: unknown; world?: { nextCustomerId?: unknown; nextProjectId?: unknown } };
  deliveries?: { counter?: unknown };
}

/**
 * Ids reserved ahead, durably (the sequence-cache pattern of databases): before any id at or past
 * the reserved mark can be seen outside, the marks move `RESERVE_AHEAD` further and `ids.json` is
 * written and fsync'd. After a kill -9, a restored state's counters are raised to the marks, so an
 * id that was seen is never issued to anything else (ids skip ahead instead).
 */
export class IdReservation {
  private marks: IdMarks;

  constructor(
    private readonly dir: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.marks = readMarks(join(dir, IDS_FILE)) ?? { nextEventId: 1, nextDeliveryId: 1, nextCustomerId: 1, nextProjectId: 1 };
  }

  /** Raises a saved document's counters to the reserved marks (before it is restored). */
  raise(saved: unknown): { raised: boolean } {
    const doc = saved as SavedCounters;
    let raised = false;
    const up = (obj: Record<string, unknown> | undefined, key: string, least: number): void => {
      if (obj && typeof obj[key] === 'number' && (obj[key] as number) < least) [obj[key], raised] = [least, true];
    };
    up(doc.catalogue as Record<string, unknown> | undefined, 'nextEventId', this.marks.nextEventId);
    up(doc.catalogue?.world as Record<string, unknown> | undefined, 'nextCustomerId', this.marks.nextCustomerId);
    up(doc.catalogue?.world as Record<string, unknown> | undefined, 'nextProjectId', this.marks.nextProjectId);
    up(doc.deliveries as Record<string, unknown> | undefined, 'counter', this.marks.nextDeliveryId - 1);
    return { raised };
  }

  /** Called before `seen` can be seen outside: reserves further ahead when it reaches a mark. */
  cover(seen: IdMarks): void {
    if (KEYS.every((k) => seen[k] <= this.marks[k])) return;
    const next = { ...this.marks };
    for (const k of KEYS) next[k] = Math.max(this.marks[k], seen[k] + RESERVE_AHEAD);
    this.write(next);
  }

  /** The marks become exactly `now` (a reset, an import, a graceful stop: the state file has every id). */
  rebase(now: IdMarks): void {
    if (KEYS.every((k) => now[k] === this.marks[k])) return;
    this.write({ ...now });
  }

  private write(next: IdMarks): void {
    try {
      writeStateFile(this.dir, JSON.stringify(next), IDS_FILE);
      this.marks = next;
    } catch (err) {
      this.onError(err);
    }
  }
}

function readMarks(file: string): IdMarks | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<string, unknown>>;
    return KEYS.every((k) => Number.isSafeInteger(raw[k])) ? (raw as unknown as IdMarks) : undefined;
  } catch {
    // Torn or foreign: the state file alone decides (as before reservations existed).
    return undefined;
  }
}
