import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import type { Part } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { markArrival, noteAccepts } from './arrival.js';
import { requestKindsOf } from './request-kinds.js';
import { DASHBOARD_ASSETS_DIR, dashboardRouter, htmlRootRedirect } from './dashboard.js';
import { createGuard, type GuardDeps } from './guard-middleware.js';
import { controlErrors } from './control/control-errors.js';
import { persistBeforeAnswer, type AnswerPersistence } from './persist-before-answer.js';
import { sendProblem } from './problem.js';
import { requestLog } from './request-log.js';
import { shutdownGate } from './shutdown-gate.js';

/** What the HTTP app is assembled from: the two surfaces, built by the root, and the layers in front of them. */
export interface AppDeps {
  guard: GuardDeps;
  logger: Logger;
  /** True once a graceful shutdown began: every new request is answered 503. */
  draining(): boolean;
  /** The data dir's write-before-answer hook; undefined without a data dir. */
  persistence(): AnswerPersistence | undefined;
  /** The emulated Solar Proof API (`/apidata.php`). */
  solarproof: RequestHandler;
  /** The control API, mounted at `/_emulator`. */
  control: RequestHandler;
}

/**
 * The Express app, layer by layer: the arrival time noted, the guard first (a foreign Host or Origin, or a missing admin
 * token, changes nothing), the request log, the shutdown gate, write-before-answer, then the
 * emulated Solar Proof API, the dashboard and the control API.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(markArrival());
  app.use(createGuard(deps.guard));
  app.use(requestLog(deps.logger));
  app.use(shutdownGate(deps.draining));
  app.use(persistBeforeAnswer(deps.persistence));
  app.use(deps.solarproof);
  // Control answers carry receivers' raw (HTML) bodies inside JSON: never sniffed as a page.
  app.use('/_emulator', (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use('/_emulator/ui', dashboardRouter({ assetsDir: DASHBOARD_ASSETS_DIR }));
  app.get('/', htmlRootRedirect());
  app.use('/_emulator', deps.control);
  // Outside both surfaces: JSON too, never Express's HTML page (nor its stack on stderr).
  app.use((req, res) => {
    sendProblem(res, 404, 'NOT_FOUND', `No route ${req.method} ${req.path}. The control API is under /_emulator (GET /_emulator lists every route); the Solar Proof API is /apidata.php.`);
  });
  app.use(controlErrors(deps.logger));
  return app;
}

/** How long answers being written when the server closes get to reach their clients. */
const CLOSE_GRACE_MS = 1000;

/** The listening server as a part of the emulator: `close` ends every connection (at once if idle, within CLOSE_GRACE_MS otherwise). */
export interface ServerPart extends Part {
  /** The base URL, e.g. `http://127.0.0.1:4477` (`https://` with TLS). */
  readonly url: string;
  /** Runs `listener` once, on the turn after the first answer went out (or its client went away). */
  afterFirstAnswer(listener: () => void): void;
}

/** Serves `app` on `host:port` (0: a free port), over HTTPS with `tls`; resolves once it listens. */
export async function startServer(app: Express, host: string, port: number, tls?: { cert: string; key: string }): Promise<ServerPart> {
  // node:https (and node:tls under it) loads only when TLS is on: ~8 ms of start-up otherwise.
  const kinds = requestKindsOf(app);
  const server: Server = tls ? (await import('node:https')).createServer({ cert: tls.cert, key: tls.key, ...kinds }, app) : createServer(kinds, app);
  noteAccepts(server, tls ? 'secureConnection' : 'connection');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    name: 'server',
    url: `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
    afterFirstAnswer: (listener) => {
      server.once('request', (_req: unknown, res: { once(event: 'close', f: () => void): void }) => res.once('close', () => setImmediate(listener)));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections close now. Answers still going out (a long-poll answered at
        // shutdown, a stream's last event) get CLOSE_GRACE_MS to reach their client before every
        // connection left is cut.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}
