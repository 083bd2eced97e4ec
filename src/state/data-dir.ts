import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmulatorError } from '../core/errors.js';

/** The state file inside a data dir. */
export const STATE_FILE = 'state.json';

/** A data dir that cannot be used: start-up stops (exit 2) with this message; nothing in it was touched. */
export class DataDirError extends EmulatorError {
  constructor(message: string) {
    super('INVALID_DATA_DIR', message);
    this.name = 'DataDirError';
  }
}

/**
 * Checks that `dir` can hold the emulator's state (creating it if missing) and reads the saved
 * state, if any. Throws a DataDirError naming the path and what to do; never writes over anything.
 */
export function openDataDir(dir: string): { dir: string; saved: unknown } {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new DataDirError(`data dir ${path} is not a directory; point --data-dir (SPMOCK_DATA_DIR, dataDir) at a folder, or remove the file`);
  }
  try {
    mkdirSync(path, { recursive: true });
    // Can we write here? A probe file, removed at once.
    const probe = join(path, `.probe-${process.pid}`);
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new DataDirError(`data dir ${path} cannot be written (${code || (err as Error).message}); give the emulator's user write access, or choose another folder`);
  }
  const file = join(path, STATE_FILE);
  if (!existsSync(file)) return { dir: path, saved: undefined };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataDirError(`state file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); fix its permissions, or move it away to start empty`);
  }
  try {
    return { dir: path, saved: JSON.parse(text) as unknown };
  } catch (err) {
    throw new DataDirError(`state file ${file} is corrupt (${(err as Error).message}); nothing was changed. Move it away to start with an empty state, or restore it from a backup`);
  }
}

/**
 * Writes `text` as the data dir's state file (or another file `name` in it), atomically: a temporary file, fsync'd, renamed over
 * the old one (and the folder fsync'd), so a kill at any moment leaves the old state or the new
 * one, never half of one.
 */
export function writeStateFile(dir: string, text: string, name = STATE_FILE): void {
  const file = join(dir, name);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic.
  }
}
