import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Emulator } from '../emulator.js';
import { coreRoutes } from './control/core-routes.js';
import { deliveryRoutes } from './control/delivery-routes.js';
import { eventRoutes } from './control/event-routes.js';
import type { ControlRoute } from './control/route.js';
import { scenarioRoutes } from './control/scenario-routes.js';
import { scheduleRoutes } from './control/schedule-routes.js';
import { sendProblem } from './problem.js';

/**
 * `/_emulator/*`: everything a tester needs that Solar Proof does not have. Each part of the
 * emulator contributes its routes; this table is the whole control surface.
 */
export function controlRoutes(emu: Emulator): ControlRoute[] {
  return [...coreRoutes(emu), ...eventRoutes(emu), ...deliveryRoutes(emu), ...scheduleRoutes(emu), ...scenarioRoutes(emu)];
}

export function controlApi(emu: Emulator): Router {
  const router = express.Router();
  const routes = controlRoutes(emu);
  // Any Content-Type is read as JSON: `curl -d '{...}'` without -H works.
  router.use(express.json({ type: () => true, limit: emu.config.get().api.maxBodyBytes }));
  router.get('/', (_req, res) => {
    res.json({ routes: routes.map((r) => ({ method: r.method.toUpperCase(), path: `/_emulator${r.path}`, summary: r.summary })) });
  });
  for (const r of routes) router[r.method](r.path, r.handler);
  router.use((req, res) => {
    const samePath = routes.filter((r) => matches(r.path, req.path));
    if (samePath.length > 0) {
      const allowed = samePath.map((r) => r.method.toUpperCase());
      res.setHeader('Allow', allowed.join(', '));
      return sendProblem(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on /_emulator${req.path}; use ${allowed.join(' or ')}.`);
    }
    sendProblem(res, 404, 'NOT_FOUND', `No control route ${req.method} /_emulator${req.path}. GET /_emulator lists every route.`);
  });
  const errors: ErrorRequestHandler = (err: { type?: string; status?: number; message?: string; body?: unknown }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed' && parsesAsJson(err.body)) {
      return sendProblem(res, 400, 'INVALID_BODY', `The request body must be a JSON object, got ${String(err.body).trim().slice(0, 40)}.`);
    }
    if (err.type === 'entity.parse.failed') {
      return sendProblem(res, 400, 'INVALID_JSON', `The request body is not valid JSON (${err.message ?? 'parse error'}).`);
    }
    if (err.type === 'entity.too.large') {
      return sendProblem(res, 413, 'BODY_TOO_LARGE', 'The request body is larger than api.maxBodyBytes allows.');
    }
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    emu.logger.error({ err }, 'control API error');
    sendProblem(res, status, status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', err.message ?? 'Unexpected error.');
  };
  router.use(errors);
  return router;
}

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}/?$`);
  return re.test(path);
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
