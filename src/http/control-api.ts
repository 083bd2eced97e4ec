import express, { type ErrorRequestHandler, type Router } from 'express';
import { EmulatorError } from '../core/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../core/json-limits.js';
import type { Logger } from '../core/logger.js';
import { configJsonSchema } from '../config/config-json-schema.js';
import { VERSION } from '../core/version.js';
import { contractRoutes } from './control/contract-routes.js';
import { coreRoutes, type CoreRouteDeps } from './control/core-routes.js';
import { deliveryRoutes, type DeliveryRouteDeps } from './control/delivery-routes.js';
import { eventRoutes, type EventRouteDeps } from './control/event-routes.js';
import type { ControlRoute } from './control/route.js';
import { scenarioRoutes, type ScenarioRouteDeps } from './control/scenario-routes.js';
import { scheduleRoutes, type ScheduleRouteDeps } from './control/schedule-routes.js';
import { ALL_API_ACTIONS } from './openapi/data-action-descriptors.js';
import { buildOpenApi } from './openapi/build-openapi.js';
import { stateRoutes, type StateRouteDeps } from './control/state-routes.js';
import { sendProblem } from './problem.js';
import { worldRoutes, type WorldRouteDeps } from './control/world-routes.js';

/** Everything the control routes read and call, group by group. */
export interface ControlApiDeps extends CoreRouteDeps, EventRouteDeps, DeliveryRouteDeps, ScheduleRouteDeps, ScenarioRouteDeps, WorldRouteDeps, StateRouteDeps {
  /** `api.maxBodyBytes`, read at start. */
  maxBodyBytes: number;
  logger: Logger;
}

/**
 * `/_emulator/*`: everything a tester needs that Solar Proof does not have. Each part of the
 * emulator contributes its routes; this table is the whole control surface.
 */
export function controlRoutes(deps: ControlApiDeps): ControlRoute[] {
  let openapi: unknown;
  const routes: ControlRoute[] = [
    ...coreRoutes(deps),
    ...eventRoutes(deps),
    ...deliveryRoutes(deps),
    ...scheduleRoutes(deps),
    ...scenarioRoutes(deps),
    ...worldRoutes(deps),
    ...stateRoutes(deps),
    // Generated from this very table (and the /apidata.php action table), once, on first request.
    ...contractRoutes({ openapi: () => (openapi ??= buildOpenApi({ routes, actions: ALL_API_ACTIONS, version: VERSION })), configJsonSchema }),
  ];
  return routes;
}

export function controlApi(deps: ControlApiDeps): Router {
  const router = express.Router();
  const routes = controlRoutes(deps);
  // Any Content-Type is read as JSON: `curl -d '{...}'` without -H works.
  router.use(express.json({ type: () => true, limit: deps.maxBodyBytes }));
  // Right after parsing, before any route merges, validates or formats the body.
  router.use((req, res, next) => {
    if (!nestsDeeperThan(req.body)) return next();
    sendProblem(res, 400, 'INVALID_BODY', `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels; nothing the control API takes is that deep.`);
  });
  router.get('/', (_req, res) => {
    res.json({ routes: routes.map((r) => ({ method: r.method.toUpperCase(), path: `/_emulator${r.path}`, summary: r.summary })) });
  });
  for (const r of routes) {
    router[r.method](r.path, (req, res) => r.handle({ req, res, params: req.params as Record<string, string>, body: req.body, query: req.query }));
  }
  router.use((req, res) => {
    const samePath = routes.filter((r) => matches(r.path, req.path));
    if (samePath.length > 0) {
      const allowed = samePath.map((r) => r.method.toUpperCase());
      res.setHeader('Allow', allowed.join(', '));
      return sendProblem(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on /_emulator${req.path}; use ${allowed.join(' or ')}.`);
    }
    sendProblem(res, 404, 'NOT_FOUND', `No control route ${req.method} /_emulator${req.path}. GET /_emulator lists every route.`);
  });
  router.use(controlErrors(deps.logger));
  return router;
}

/** The control API's one error handler: every error becomes problem+json. */
export function controlErrors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof EmulatorError) return sendProblem(res, err.status, err.code, err.message, err.extra);
    const e = (err ?? {}) as { type?: string; status?: number; message?: string; body?: unknown };
    if (e.type === 'entity.parse.failed' && parsesAsJson(e.body)) {
      return sendProblem(res, 400, 'INVALID_BODY', `The request body must be a JSON object, got ${String(e.body).trim().slice(0, 40)}.`);
    }
    if (e.type === 'entity.parse.failed') {
      return sendProblem(res, 400, 'INVALID_JSON', `The request body is not valid JSON (${e.message ?? 'parse error'}).`);
    }
    if (e.type === 'entity.too.large') {
      return sendProblem(res, 413, 'BODY_TOO_LARGE', 'The request body is larger than api.maxBodyBytes allows.');
    }
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    logger.error({ err }, 'control API error');
    sendProblem(res, status, status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', e.message ?? 'Unexpected error.');
  };
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
