import type { Logger } from '../core/logger.js';
import type { Part } from '../core/lifecycle.js';
import { DataDirError, openDataDir, StatePersister } from './data-dir.js';
import { InvalidStateError } from './emulator-state.js';

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
  /** Subscribes to changes nobody answers for (deliveries settling, config patches). */
  onChange(listener: () => void): void;
}

/** The data dir as a part of the emulator: `touch` after a change, `flush` before an answer. */
export interface Persistence extends Part {
  /** Marks the state changed (written before the next answer, or within a second). */
  touch(): void;
  /** Writes the state now if it changed (the HTTP layer calls it before every answer). */
  flush(): void;
  /** A last write, then none (at shutdown, before what still waits is cancelled). */
  stop(): void;
  /** The write-before-answer hook's view: undefined without a data dir. */
  answering(): { touch(): void; flush(): void } | undefined;
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
    return { name: 'persistence', touch: none, flush: none, stop: none, close: none, answering: () => undefined };
  }
  const { dir, saved } = openDataDir(deps.dataDir);
  if (saved !== undefined) {
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
  const persister = new StatePersister(dir, () => deps.exportState(), (err) => deps.logger.error({ err, dataDir: dir }, 'could not write the state to the data dir'));
  deps.onChange(() => persister.touch());
  persister.touch();
  persister.flush();
  return {
    name: 'persistence',
    touch: () => persister.touch(),
    flush: () => persister.flush(),
    stop: () => persister.stop(),
    close: () => persister.stop(),
    answering: () => persister,
  };
}
