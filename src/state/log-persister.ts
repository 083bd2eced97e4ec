import type { PartState } from '../core/lifecycle.js';
import { ChangeLog, type LogRecord } from './change-log.js';
import { writeStateFile } from './data-dir.js';

/** The log is folded into a new snapshot once it is this large and larger than the snapshot. */
export const COMPACT_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Keeps the data dir in step with the emulator, at a cost per change that does not grow with the
 * state: each turn's changes are one line appended to `state.log` (one fdatasync for all of
 * them: group commit), and the whole state is written to `state.json` only when the log has
 * grown past the snapshot (compaction) or the state was replaced.
 *
 * - `touch()`: something changed; the turn's changes are written at the end of the turn.
 * - `flush()`: writes them now (the HTTP layer calls it before any answer's headers go out).
 * - `afterDurable(fn)`: runs `fn` once everything changed so far is written (a webhook's send,
 *   an SSE frame wait for it, so nothing is seen outside before it is durable).
 */
export class LogPersister {
  private dirty = false;
  private scheduled = false;
  private stopped = false;
  private seq: number;
  private snapshotBytes = 0;
  private waiting: Array<() => void> = [];
  /** The last whole snapshot logged of each share without change records. */
  private readonly lastWhole = new Map<string, string>();
  private readonly log: ChangeLog;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly dir: string,
    private readonly deps: { shares(): readonly PartState[]; capture(): unknown; onError(err: unknown): void },
    seq: number,
    private readonly compactMinBytes = COMPACT_MIN_BYTES,
  ) {
    this.seq = seq;
    this.log = new ChangeLog(dir);
    this.timer = setInterval(() => this.flush(), 1000);
    this.timer.unref();
  }

  touch(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Whether everything changed so far is written. */
  get clean(): boolean {
    return !this.dirty;
  }

  afterDurable(fn: () => void): void {
    if (this.stopped) return fn();
    this.waiting.push(fn);
    this.schedule();
  }

  flush(): void {
    if (this.dirty && !this.stopped) {
      this.dirty = false;
      try {
        this.append();
      } catch (err) {
        // The changes taken are not in the log: the next write is a whole snapshot.
        this.snapshotBytes = -1;
        this.dirty = true;
        this.deps.onError(err);
      }
    }
    this.release();
  }

  /** The whole state as the snapshot, and an empty log (start-up, reset, import, a failed append). */
  compact(): void {
    if (this.stopped) return;
    this.dirty = false;
    this.seq++;
    for (const share of this.deps.shares()) {
      if (share.changes) share.changes(); // what they hold is in the snapshot
      else this.lastWhole.set(share.key, JSON.stringify(share.snapshot()));
    }
    const text = JSON.stringify({ ...(this.deps.capture() as object), logSeq: this.seq });
    try {
      writeStateFile(this.dir, text);
      this.log.restart();
      this.snapshotBytes = text.length;
    } catch (err) {
      this.snapshotBytes = -1;
      this.dirty = true;
      this.deps.onError(err);
    }
    this.release();
  }

  /** A last write, then none (at shutdown, before pending deliveries are cancelled). */
  stop(): void {
    if (this.stopped) return;
    this.flush();
    this.stopped = true;
    clearInterval(this.timer);
    this.log.close();
    this.release();
  }

  private append(): void {
    if (this.snapshotBytes < 0) return this.compact();
    const record: LogRecord = { seq: this.seq + 1 };
    for (const share of this.deps.shares()) {
      if (share.changes) {
        (record.change ??= {})[share.key] = share.changes();
        continue;
      }
      const text = JSON.stringify(share.snapshot());
      if (text === this.lastWhole.get(share.key)) continue;
      this.lastWhole.set(share.key, text);
      (record.whole ??= {})[share.key] = JSON.parse(text) as unknown;
    }
    this.log.append(record);
    this.seq++;
    if (this.log.bytes > Math.max(this.compactMinBytes, this.snapshotBytes)) this.compact();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Lets what waited for the write go, in the order it came, after the current call. */
  private release(): void {
    if (this.waiting.length === 0) return;
    const go = this.waiting;
    this.waiting = [];
    queueMicrotask(() => {
      for (const fn of go) {
        try {
          fn();
        } catch (err) {
          this.deps.onError(err);
        }
      }
    });
  }
}
