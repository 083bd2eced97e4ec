import type { RequestHandler } from 'express';
import { sendProblem } from './problem.js';

/**
 * During a graceful shutdown every new request is answered 503 (with `Connection: close`):
 * Solar Proof's envelope on `/apidata.php`, problem+json `SHUTTING_DOWN` elsewhere.
 */
export function shutdownGate(isDraining: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (!isDraining()) return next();
    res.setHeader('connection', 'close');
    if (req.path === '/apidata.php') {
      res.status(503).type('application/json').send(JSON.stringify({ success: false, message: 'Service temporarily unavailable' }));
      return;
    }
    sendProblem(res, 503, 'SHUTTING_DOWN', 'The emulator is shutting down: it finishes the attempts in flight and takes no new requests.');
  };
}
