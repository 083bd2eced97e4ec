import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type LoggerOptions } from 'pino';

import { formatLogLine, prettyLogStream } from './pretty-log-stream.js';

export type { Logger };

/**
 * How many bytes of log output may wait for a slow reader of stdout. Past it, lines are dropped
 * (and counted) instead of blocking the emulator: a log is never worth a late webhook.
 */
export const LOG_BUFFER_BYTES = 1024 * 1024;

/** What the emulator knows about its log output: lines dropped because the reader was too slow. */
export interface LogOutputStats {
  dropped: number;
}

const outputs = new WeakMap<Logger, LogOutput>();

interface LogOutput {
  dropped: number;
  /** Waits (up to `timeoutMs`) for buffered lines to be written; gives up on a reader that never reads. */
  flush(timeoutMs: number): Promise<void>;
}

/**
 * The emulator's logger on stdout (or `destination`): JSON lines (`format: 'json'`, for Docker and
 * log collectors) or one readable line per record (`'pretty'`, for a terminal); `silent` in tests.
 *
 * On stdout the output is asynchronous with a bounded buffer (`LOG_BUFFER_BYTES`): when nobody
 * reads stdout fast enough, lines are dropped and counted (`logStats(logger).dropped`, shown in
 * `/_emulator/stats`), and once the pipe drains one warning says how many were lost.
 */
export function createLogger(level: string, format: 'json' | 'pretty' = 'json', destination?: NodeJS.WritableStream, extra: LoggerOptions = {}): Logger {
  const options: LoggerOptions = { ...extra, level, base: { name: 'solarproof-mock' }, timestamp: stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  if (level === 'silent') return pino(options, format === 'pretty' ? prettyLogStream() : pinoDestination({ dest: 1, sync: true }));
  // sonic-boom (pino.destination): `sync: false` writes from libuv's pool; `maxLength` bounds the
  // buffer and emits 'drop' with what it refused; 'drain' once everything is written.
  const boom = pinoDestination({ dest: 1, sync: false, maxLength: LOG_BUFFER_BYTES });
  // Given up at shutdown (see flush): nothing more is buffered, and exit does not wait on stdout.
  let abandoned = false;
  const stream = {
    write: (chunk: string): void => {
      if (!abandoned) boom.write(format === 'pretty' ? prettyLines(chunk) : chunk);
    },
  };
  const logger = pino(options, stream);
  let unreported = 0;
  const output: LogOutput = {
    dropped: 0,
    flush: (timeoutMs) =>
      new Promise<void>((resolve) => {
        // sonic-boom keeps its unwritten byte count in `_len` (no public accessor); 0 means idle.
        if (abandoned || (boom as unknown as { _len: number })._len === 0) return resolve();
        const done = (): void => {
          clearTimeout(timer);
          boom.off('drain', done);
          resolve();
        };
        const timer = setTimeout(() => {
          // Nobody is reading stdout: drop what is left instead of blocking the exit on it
          // (pino would otherwise write it synchronously at exit, forever on a full pipe).
          abandoned = true;
          boom.destroy();
          done();
        }, timeoutMs);
        boom.once('drain', done);
      }),
  };
  boom.on('drop', (data: string | Buffer) => {
    const lines = Math.max(1, countLines(String(data)));
    output.dropped += lines;
    unreported += lines;
  });
  boom.on('drain', () => {
    if (unreported === 0) return;
    const lost = unreported;
    unreported = 0;
    logger.warn({ dropped: lost, droppedTotal: output.dropped }, `${lost} log lines were dropped: stdout was not read fast enough`);
  });
  outputs.set(logger, output);
  return logger;
}

/** Lines dropped by `logger`'s output so far (0 for a logger this module did not make). */
export function logStats(logger: Logger): LogOutputStats {
  return { dropped: outputs.get(logger)?.dropped ?? 0 };
}

/** Gives buffered log lines up to `timeoutMs` to reach stdout (at shutdown). */
export async function flushLogs(logger: Logger, timeoutMs = 1000): Promise<void> {
  await outputs.get(logger)?.flush(timeoutMs);
}

function prettyLines(chunk: string): string {
  let out = '';
  for (const line of chunk.split('\n')) if (line) out += `${formatLogLine(line)}\n`;
  return out;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
