import type { RequestHandler } from 'express';

/** What the HTTP layer needs of the data dir's persister. */
export interface AnswerPersistence {
  touch(): void;
  flush(): void;
}

/**
 * Write before you answer: a request that may change state (anything but GET/HEAD) marks the
 * state changed, and just before any answer's headers go out the state is written if it changed
 * (synchronously), so whatever the emulator has answered survives a kill -9 right after.
 */
export function persistBeforeAnswer(persistence: () => AnswerPersistence | undefined): RequestHandler {
  return (req, res, next) => {
    const p = persistence();
    if (!p) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') p.touch();
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      p.flush();
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
