import { closeSync, existsSync, fdatasyncSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PartState } from '../core/lifecycle.js';
import { DataDirError } from './data-dir.js';

/** The log of changes inside a data dir, beside the snapshot `state.json`. */
export const LOG_FILE = 'state.log';

/**
 * One line of the log: what changed in one turn. `change` holds the records of the shares that
 * make them (`PartState.changes`), `whole` the full snapshot of a small share that differs from
 * the last one logged. `seq` rises by one per line; the snapshot says the last `seq` it holds.
 */
export interface LogRecord {
  seq: number;
  change?: Record<string, unknown>;
  whole?: Record<string, unknown>;
}

/** The append-only log: one JSON line per turn, one write and one fdatasync each. */
export class ChangeLog {
  private fd: number;
  /** Bytes in the log since the last compaction. */
  bytes: number;

  constructor(private readonly dir: string) {
    this.fd = openSync(join(dir, LOG_FILE), 'a');
    this.bytes = fstatSync(this.fd).size;
  }

  append(record: LogRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    writeSync(this.fd, line);
    fdatasyncSync(this.fd);
    this.bytes += Buffer.byteLength(line);
  }

  /** Empties the log (after a snapshot that holds everything in it was written). */
  restart(): void {
    closeSync(this.fd);
    this.fd = openSync(join(this.dir, LOG_FILE), 'w');
    fdatasyncSync(this.fd);
    this.bytes = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * The records after `afterSeq` in a data dir's log, oldest first. A last line cut short (a kill
 * during its write) is dropped and reported in `torn`; an unreadable line before the last one
 * means the file was damaged otherwise, and start-up stops (DataDirError) rather than guess.
 */
export function readLog(dir: string, afterSeq: number): { records: LogRecord[]; torn?: string } {
  const file = join(dir, LOG_FILE);
  if (!existsSync(file)) return { records: [] };
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: LogRecord[] = [];
  let torn: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
      if (typeof record.seq !== 'number') throw new Error('no seq');
    } catch (err) {
      const last = lines.slice(i + 1).every((l) => l === '');
      if (!last) throw new DataDirError(`state log ${file} is damaged at line ${i + 1} (${(err as Error).message}); nothing was changed. Move state.log away to start from the snapshot state.json alone`);
      torn = `line ${i + 1} (${line.length} bytes) was cut short`;
      break;
    }
    if (record.seq > afterSeq) records.push(record);
  }
  return torn === undefined ? { records } : { records, torn };
}

/** A saved snapshot document with the log's records applied, share by share (recovery). */
export function replayLog(doc: Record<string, unknown>, records: readonly LogRecord[], shares: readonly PartState[]): Record<string, unknown> {
  const out = { ...doc };
  for (const share of shares) {
    const { key } = share;
    const changes = records.flatMap((r) => (r.change && key in r.change ? [r.change[key]] : []));
    if (share.replay && changes.length > 0) out[key] = share.replay(out[key], changes);
    for (const r of records) if (r.whole && key in r.whole) out[key] = r.whole[key];
  }
  return out;
}
