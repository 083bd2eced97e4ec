import type { Logger } from '../core/logger.js';
import type { Part, PartState } from '../core/lifecycle.js';
import { readLog, replayLog } from './change-log.js';
import { DataDirError, openDataDir } from './data-dir.js';
import { LogPersister } from './log-persister.js';
import { InvalidStateError } from './emulator-state.js';
import { IdReservation, type IdMarks } from './id-reservation.js';

/** What the data dir's part reads and calls. */
export interface PersistenceDeps {
  /** `dataDir`; absent: the state lives in memory only and every call here does nothing. */
  dataDir: string | undefined;
  logger: Logger;
  /** The whole state document, as `GET /_emulator/state` gives it. */
  exportState(): unknown;
  /** Takes a saved document back; throws InvalidStateError and changes nothing when it does not fit. */
  importState(saved: unknown): void;
  /** After a saved state was restored (e.g. make the start-up subscriptions added since). */
  afterRestore(): void;
  /** A one-line summary of what was restored, for the log. */
  restoredSummary(): Record<string, unknown>;
  /**
   * Subscribes to changes nobody answers for (deliveries settling, config patches). A delivery
   * change passes the delivery, and is heard before it can be seen outside (its attempt is sent,
   * an SSE frame is written): its ids are reserved then.
   */
  onChange(listener: (delivery?: { id: string; event: { id: string } }) => void): void;
  /** The world's next customer and project ids (cheap). */
  worldIds(): { nextCustomerId: number; nextProjectId: number };
  /** The parts' shares of the state document: what the log records and replays. */
  shares(): readonly PartState[];
}

/** `evt_12` -> 13: the next number after an id. */
const after = (id: string): number => Number(id.slice(id.indexOf('_') + 1)) + 1 || 0;

/** The next ids a state document would issue. */
function marksOf(doc: unknown, worldIds: PersistenceDeps['worldIds']): IdMarks {
  const d = doc as { catalogue: { nextEventId: number }; deliveries: { counter: number } };
  return { nextEventId: d.catalogue.nextEventId, nextDeliveryId: d.deliveries.counter + 1, ...worldIds() };
}

/** The data dir as a part of the emulator: `touch` after a change, `flush` before an answer. */
export interface Persistence extends Part {
  /** Marks the state changed (one log line at the end of the turn, or before the next answer if sooner). */
  touch(): void;
  /** Writes what changed now, as one log line (the HTTP layer calls it before every answer). */
  flush(): void;
  /** A last write, then none (at shutdown, before what still waits is cancelled). */
  stop(): void;
  /** The write-before-answer hook's view: undefined without a data dir. */
  answering(): { touch(): void; flush(): void } | undefined;
  /** Runs `fn` once every change made so far is durable (at once without a data dir). */
  afterDurable(fn: () => void): void;
  /** Whether sends and SSE frames wait for `afterDurable` (a data dir is in use). */
  readonly durable: boolean;
  /** The state was replaced (reset, import): a new snapshot, and ids reserved ahead start again from its counters. */
  replaced(): void;
}

/**
 * Opens the data dir (restoring its saved state, if any) and keeps it in step from then on.
 * Throws DataDirError, naming the path and what to do, when the folder or its state cannot be used.
 *
 * @example
 *   const persistence = openPersistence({ dataDir: '/tmp/sp', logger, exportState, importState, afterRestore, restoredSummary, onChange });
 */
export function openPersistence(deps: PersistenceDeps): Persistence {
  if (deps.dataDir === undefined) {
    const none = (): void => {};
    return { name: 'persistence', touch: none, flush: none, stop: none, close: none, answering: () => undefined, replaced: none, afterDurable: (fn) => fn(), durable: false };
  }
  const { dir, saved: file } = openDataDir(deps.dataDir);
  // The snapshot says the last log record it holds (`logSeq`, not part of the state document).
  const { logSeq, ...snapshot } = (file ?? {}) as { logSeq?: unknown };
  const afterSeq = typeof logSeq === 'number' ? logSeq : 0;
  // Recovery: the snapshot, then the log's records written after it (a torn last one dropped).
  const { records, torn } = file === undefined ? { records: [] } : readLog(dir, afterSeq);
  if (torn) deps.logger.warn({ dataDir: dir, torn }, 'the last record of the state log was cut short (a kill while it was written); it was dropped');
  const saved = file === undefined || typeof file !== 'object' || Array.isArray(file) ? file : replayLog(snapshot, records, deps.shares());
  const lastSeq = records.length === 0 ? afterSeq : records[records.length - 1]!.seq;
  const reservation = new IdReservation(dir, (err) => deps.logger.error({ err, dataDir: dir }, 'could not reserve ids in the data dir'));
  if (saved !== undefined) {
    // Ids seen outside after the state file was last written (a kill -9) are never issued again.
    if (reservation.raise(saved).raised) deps.logger.warn({ dataDir: dir }, 'ids continue after those reserved before the last stop (the emulator was not stopped gracefully)');
    try {
      deps.importState(saved);
    } catch (err) {
      if (!(err instanceof InvalidStateError)) throw err;
      const what = err.newer ? 'was written by a newer solarproof-mock' : 'cannot be restored';
      throw new DataDirError(`state file ${dir}/state.json ${what}; nothing was changed. ${err.problems.join('; ')}. Use a newer solarproof-mock, move the file away to start empty, or choose another --data-dir`);
    }
    deps.afterRestore();
    deps.logger.info({ dataDir: dir, ...deps.restoredSummary() }, 'state restored from the data dir');
  }
  const persister = new LogPersister(dir, { shares: deps.shares, capture: () => deps.exportState(), onError: (err) => deps.logger.error({ err, dataDir: dir }, 'could not write the state to the data dir') }, lastSeq);
  deps.onChange((delivery) => {
    persister.touch();
    if (delivery) reservation.cover({ nextEventId: after(delivery.event.id), nextDeliveryId: after(delivery.id), ...deps.worldIds() });
  });
  persister.compact();
  const rebase = (): void => reservation.rebase(marksOf(deps.exportState(), deps.worldIds));
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    persister.stop();
    // A graceful stop: the state file has every id, so a restart continues without a gap.
    if (persister.clean) rebase();
  };
  return {
    name: 'persistence',
    touch: () => persister.touch(),
    flush: () => persister.flush(),
    stop,
    close: stop,
    answering: () => persister,
    afterDurable: (fn) => persister.afterDurable(fn),
    durable: true,
    replaced: () => {
      persister.compact();
      if (persister.clean) rebase();
    },
  };
}
