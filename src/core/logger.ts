import { pino, destination as pinoDestination, stdTimeFunctions, type Logger } from 'pino';

export type { Logger };

/** The emulator's logger: JSON lines on stdout (or `destination`), `silent` in tests. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { name: 'solarproof-mock' }, timestamp: stdTimeFunctions.isoTime },
    destination ?? pinoDestination({ dest: 1, sync: true }),
  );
}
