import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import type { Clock, TimerHandle } from '../core/clock.js';
import { RESPONSE_BODY_LIMIT } from './transport.js';

/**
 * The body streams and the bounded response reader that every transport shares, so an aborted
 * or slow body looks the same to a receiver whichever HTTP client sends it.
 */

export const INJECTED_ABORT = 'solarproof-mock: injected abort mid-body';
/** How long the first half of an aborted body is given to reach the receiver. */
const ABORT_AFTER_MS = 10;

/** Whether `error` (or one of its causes) is the injected mid-body abort. */
export function isInjectedAbort(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes(INJECTED_ABORT)) return true;
  }
  return false;
}

export interface AbortingBody {
  stream: Readable;
  /**
   * Cuts the connection shortly after the first part has left. With a socket (got), once that
   * socket is connected and drained; without one (undici, which only reads a body once it is
   * connected), once the client has taken the first part.
   */
  arm(socket?: Socket): void;
}

/**
 * A body that stops after `afterBytes`; `arm()` (called once connected) cuts the connection
 * shortly after, once the headers and the first part are on the wire. Cutting any earlier could
 * look like a refused connection to the receiver (nothing arrives) and would hide a real one.
 */
export function abortingBody(body: string, afterBytes: number, clock: Clock): AbortingBody {
  let timer: TimerHandle | undefined;
  let sent = false;
  let onSent: (() => void) | undefined;
  const stream = new Readable({
    read() {
      if (sent) return; // never more, never the end: the receiver waits for the rest
      sent = true;
      this.push(Buffer.from(body).subarray(0, afterBytes));
      onSent?.();
    },
    destroy(error, callback) {
      timer?.cancel();
      callback(error);
    },
  });
  const cut = (): void => {
    stream.destroy(new Error(INJECTED_ABORT));
  };

  return {
    stream,
    arm(socket) {
      // Wait until our first part has been handed to the socket and has left this process, then
      // give it a moment on the wire before cutting (a stuck socket runs into the timeout).
      const check = (): void => {
        const drained = socket === undefined || (!socket.connecting && socket.writableLength === 0);
        const out = sent && stream.readableLength === 0 && drained;
        timer = out ? clock.setTimeout(cut, ABORT_AFTER_MS) : clock.setTimeout(check, 5);
      };
      if (timer !== undefined || onSent !== undefined) return;
      if (socket !== undefined || sent) check();
      else onSent = check; // armed by the client's first read, which comes once connected
    },
  };
}

/** A body dribbled in ten pieces over `overMs` (on `clock`). */
export function slowBody(body: string, overMs: number, clock: Clock): Readable {
  const bytes = Buffer.from(body);
  const pieces = Math.max(1, Math.min(10, bytes.length));
  const size = Math.ceil(bytes.length / pieces);
  const gap = overMs / Math.max(1, pieces - 1);
  let index = 0;
  let timer: TimerHandle | undefined;
  let waiting = false;
  const stream: Readable = new Readable({
    read() {
      if (waiting) return;
      const push = (): void => {
        waiting = false;
        const chunk = bytes.subarray(index * size, (index + 1) * size);
        index++;
        stream.push(chunk);
        if (index * size >= bytes.length) stream.push(null);
      };
      if (index === 0) return push();
      waiting = true;
      timer = clock.setTimeout(push, gap);
    },
    destroy(error, callback) {
      timer?.cancel();
      callback(error);
    },
  });
  return stream;
}


/**
 * Socket reads of an answer's discarded part are garbage at once, but each holds a 64 KB buffer
 * outside the JS heap that V8 frees only at its next collection, which the few small objects
 * involved do not bring on: four 50 MB answers streaming in grew the process by 47-80 MB. So
 * after every DISCARD_COLLECT_BYTES of answers thrown away (across all attempts), a minor
 * collection (a scavenge, about a millisecond) frees them: 28-37 MB. What is read, kept and
 * recorded does not change. The collector is reached through V8's `--expose-gc` in a separate
 * context, set only once that much was discarded (a receiver answering megabytes), so a process
 * that never sees a big answer is left untouched.
 */
const DISCARD_COLLECT_BYTES = 2 * 1024 * 1024;
let discardedBytes = 0;
let minorCollection: (() => void) | null | undefined;

function discard(bytes: number): void {
  discardedBytes += bytes;
  if (discardedBytes < DISCARD_COLLECT_BYTES) return;
  discardedBytes = 0;
  if (minorCollection === undefined) {
    try {
      // node:v8 here, not at import: ~1-2 ms of start-up for a module most processes never need (decision 0051).
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
      minorCollection = () => gc({ type: 'minor' });
    } catch {
      minorCollection = null; // not available here: the collector runs when V8 decides
    }
  }
  minorCollection?.();
}

/**
 * Keeps the start of a streamed answer and throws the rest away as it arrives, so a 50 MB or
 * endless answer costs no memory. `text()` is what the journal keeps: the first
 * RESPONSE_BODY_LIMIT characters of the answer decoded as UTF-8.
 */
export class ResponseBodyPrefix {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  /** Bytes kept: enough for `limit` characters (at most 4 bytes each; a cut character at the end stays past the limit). */
  private readonly keptBytes: number;

  /** `limit`: characters kept (`delivery.responseBodyBytes`, default RESPONSE_BODY_LIMIT). */
  constructor(private readonly limit: number = RESPONSE_BODY_LIMIT) {
    this.keptBytes = limit * 4;
  }

  add(chunk: Buffer | string): void {
    if (this.bytes >= this.keptBytes) return discard(chunk.length);
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.keptBytes - this.bytes;
    // A copy of the part kept: a view would pin the whole (possibly 64 KB) socket read.
    const part = Buffer.from(data.length > room ? data.subarray(0, room) : data);
    this.chunks.push(part);
    this.bytes += part.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks, this.bytes).toString('utf8');
    return text.length > this.limit ? text.slice(0, this.limit) : text;
  }
}
