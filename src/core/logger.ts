import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type LoggerOptions } from 'pino';

import { prettyLogStream } from './pretty-log-stream.js';

export type { Logger };

/**
 * The emulator's logger on stdout (or `destination`): JSON lines (`format: 'json'`, for Docker and
 * log collectors) or one readable line per record (`'pretty'`, for a terminal); `silent` in tests.
 */
export function createLogger(level: string, format: 'json' | 'pretty' = 'json', destination?: NodeJS.WritableStream, options: LoggerOptions = {}): Logger {
  return pino(
    { ...options, level, base: { name: 'solarproof-mock' }, timestamp: stdTimeFunctions.isoTime },
    destination ?? (format === 'pretty' ? prettyLogStream() : pinoDestination({ dest: 1, sync: true })),
  );
}
