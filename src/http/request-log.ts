import type { RequestHandler } from 'express';
import type { Logger } from '../core/logger.js';

/** One log line per request at info (health checks at debug): method, path with query, status, duration. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = req.originalUrl.split('?', 1)[0] === '/_emulator/health' ? 'debug' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level]({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
