import express, { type Router } from 'express';
import { ROUTE_LIST } from '../contract/routes.js';
import type { RouteSpec } from '../contract/route.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../core/json-limits.js';
import type { Logger } from '../core/logger.js';
import { configJsonSchema } from '../config/config-json-schema.js';
import { afterNearAimedTimers } from '../core/aimed-timer.js';
import { VERSION } from '../core/version.js';
import { accountRoutes, type AccountRouteDeps } from './control/account-routes.js';
import { checkRoutes, type CheckRouteDeps } from './control/check-routes.js';
import { contractRoutes } from './control/contract-routes.js';
import { controlErrors } from './control/control-errors.js';
import { coreRoutes, type CoreRouteDeps } from './control/core-routes.js';
import { deliveryRoutes, type DeliveryRouteDeps } from './control/delivery-routes.js';
import { eventRoutes, type EventRouteDeps } from './control/event-routes.js';
import type { ControlRoute } from './control/route.js';
import { scenarioRoutes, type ScenarioRouteDeps } from './control/scenario-routes.js';
import { scheduleRoutes, type ScheduleRouteDeps } from './control/schedule-routes.js';
import { allApiActions } from './openapi/data-action-descriptors.js';
import { buildOpenApi } from './openapi/build-openapi.js';
import { stateRoutes, type StateRouteDeps } from './control/state-routes.js';
import { sendProblem } from './problem.js';
import { worldRoutes, type WorldRouteDeps } from './control/world-routes.js';

export { controlErrors } from './control/control-errors.js';

/** Everything the control routes read and call, group by group. */
export interface ControlApiDeps extends CoreRouteDeps, EventRouteDeps, DeliveryRouteDeps, ScheduleRouteDeps, ScenarioRouteDeps, WorldRouteDeps, StateRouteDeps, CheckRouteDeps, AccountRouteDeps {
  /** `api.maxBodyBytes`, read at start. */
  maxBodyBytes: number;
  /** `api.maxStateBytes`, read at start: the limit of a `PUT /state` body. */
  maxStateBytes: number;
  logger: Logger;
}

/**
 * `/_emulator/*`: everything a tester needs that Solar Proof does not have. The contract's route
 * table (src/contract/routes.ts) says what the routes are; each part of the emulator binds its
 * handlers to them, in the table's order. A table entry with no handler (or two) stops start-up.
 */
export function controlRoutes(deps: ControlApiDeps): ControlRoute[] {
  let openapi: unknown;
  const bound = [
    ...coreRoutes(deps),
    // A trigger is handled after the sends with injected latency falling due (aimed timers are the process's; decision 0040).
    ...eventRoutes({ afterDueSends: afterNearAimedTimers, ...deps }),
    ...deliveryRoutes(deps),
    ...scheduleRoutes(deps),
    ...scenarioRoutes(deps),
    ...worldRoutes(deps),
    ...accountRoutes(deps),
    ...stateRoutes(deps),
    ...checkRoutes(deps),
    // Generated from the contract (and the /apidata.php action table), once, on first request.
    ...contractRoutes({ openapi: () => (openapi ??= buildOpenApi({ routes: ROUTE_LIST, actions: allApiActions(), version: VERSION })), configJsonSchema }),
  ];
  return ROUTE_LIST.map((spec) => {
    const handlers = bound.filter((r) => r.spec === spec);
    if (handlers.length !== 1) throw new Error(`control API: ${spec.method.toUpperCase()} ${spec.path} has ${handlers.length} handlers; bind exactly one`);
    return handlers[0]!;
  });
}

export function controlApi(deps: ControlApiDeps): Router {
  const router = express.Router();
  const routes = controlRoutes(deps);
  // Any Content-Type is read as JSON: `curl -d '{...}'` without -H works. A state document holds
  // the whole journal: PUT /state has its own limit (api.maxStateBytes).
  const json = express.json({ type: () => true, limit: deps.maxBodyBytes });
  const stateJson = express.json({ type: () => true, limit: deps.maxStateBytes });
  router.use((req, res, next) => (req.method === 'PUT' && req.path === '/state' ? stateJson : json)(req, res, next));
  // Right after parsing, before any route merges, validates or formats the body.
  router.use((req, res, next) => {
    if (!nestsDeeperThan(req.body)) return next();
    sendProblem(res, 400, 'INVALID_BODY', `The request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels; nothing the control API takes is that deep.`);
  });
  router.get('/', (_req, res) => {
    res.json({ routes: ROUTE_LIST.map((r) => ({ method: r.method.toUpperCase(), path: `/_emulator${r.path}`, summary: r.summary })) });
  });
  for (const r of routes) {
    router[r.spec.method](r.spec.path, (req, res) => r.handle({ req, res, params: req.params as Record<string, string>, body: req.body, query: req.query }));
  }
  router.use((req, res) => {
    const samePath = ROUTE_LIST.filter((r: RouteSpec) => matches(r.path, req.path));
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

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}/?$`);
  return re.test(path);
}
