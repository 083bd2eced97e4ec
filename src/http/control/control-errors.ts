import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler } from 'express';
import { EmulatorError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { sendProblem } from '../problem.js';

/**
 * The control API's one error handler: every error becomes problem+json. An unexpected error is
 * a bug or a fault below us: its message may name files, hosts or secrets, so the wire gets a
 * generic 500 with an id and the log gets the detail under that id.
 */
export function controlErrors(logger: Logger, newId: () => string = () => `err_${randomBytes(6).toString('hex')}`): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof EmulatorError) return sendProblem(res, err.status, err.code, err.message, err.extra);
    const e = (err ?? {}) as { type?: unknown; status?: unknown; message?: unknown; body?: unknown };
    if (e.type === 'entity.parse.failed' && parsesAsJson(e.body)) {
      return sendProblem(res, 400, 'INVALID_BODY', `The request body must be a JSON object, got ${String(e.body).trim().slice(0, 40)}.`);
    }
    if (e.type === 'entity.parse.failed') {
      return sendProblem(res, 400, 'INVALID_JSON', `The request body is not valid JSON (${typeof e.message === 'string' ? e.message : 'parse error'}).`);
    }
    if (e.type === 'entity.too.large') {
      const key = req.method === 'PUT' && req.path === '/state' ? 'api.maxStateBytes' : 'api.maxBodyBytes';
      return sendProblem(res, 413, 'BODY_TOO_LARGE', `The request body is larger than ${key} allows.`);
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // A library's refusal of the request (body-parser: an unsupported charset, an aborted body):
      // its message is about the request, not about us.
      const what = typeof e.message === 'string' && e.message !== '' ? e.message : 'The request was refused.';
      return sendProblem(res, e.status, typeof e.type === 'string' ? 'INVALID_BODY' : 'BAD_REQUEST', what.endsWith('.') ? what : `${what}.`);
    }
    const id = newId();
    logger.error({ err, id }, 'control API error');
    sendProblem(res, 500, 'INTERNAL_ERROR', `Unexpected error; the server log has the detail under this id (${id}).`, { id });
  };
}

/** express.json() refuses bodies that are JSON but not an object or array (`null`, `"x"`, `3`). */
function parsesAsJson(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
