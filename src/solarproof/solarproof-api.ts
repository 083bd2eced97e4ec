import express, { type ErrorRequestHandler, type RequestHandler, type Response, type Router } from 'express';
import { sleep, type Clock } from '../core/clock.js';
import type { Account } from '../core/account.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { Random } from '../core/random.js';
import type { ApiConfig } from '../config/delivery-config.js';
import type { HookHostRules } from '../guard/hook-host-policy.js';
import { MESSAGES, reply } from './api-messages.js';
import { encodeAnswer, type DataApi } from './data-api.js';
import { answerSubscribeAction, queryString, SUBSCRIBE_METHODS, type SubscribeAction, type SubscribeDeps } from './subscribe-actions.js';

export { MESSAGES } from './api-messages.js';

/** What the emulated Solar Proof API reads and calls. */
export interface SolarproofApiDeps {
  accounts: { get(apiKey: string): Account | undefined };
  subscriptions: SubscribeDeps['subscriptions'];
  /** The settings in force: API faults and body limit, the hook-URL rule, the payload version. */
  settings(): { api: ApiConfig; strictHookUrls: boolean; payloadVersion: PayloadVersion; payloadStyle?: 'json' | 'php' };
  /** Where deliveries may go (`delivery.allowedHookHosts`, `deniedHookHosts`, `strictHookUrls`): a hookUrl outside them is `Invalid webhook URL format`. */
  hookRules(): HookHostRules;
  /** Paces injected stalls (scaled by timeScale). */
  clock: Clock;
  /** Draws the injected API faults. */
  random: Random;
  /** The customers and projects actions (getallcustomers, createcustomer, ...); absent: only subscribe/unsubscribe. */
  dataApi?: DataApi;
}

/**
 * `/apidata.php`: the emulated Solar Proof API. The operation is chosen by `?action=`:
 * subscribe/unsubscribe (`subscribe-actions.ts`) or a data action (`dataApi`); injected API faults
 * and body-reading errors answer in the shape of the action asked for. Nothing emulator-specific
 * appears here.
 */
export function solarproofApi(deps: SolarproofApiDeps): Router {
  const router = express.Router();
  const faultRandom = deps.random;

  // An action named but not served (unknown, legacy such as `getcustomer`, or documented without
  // enough detail to emulate, such as `get_all_projects`): the legacy docs' NOT_FOUND envelope.
  const unknownAction = (res: Response, action: string | undefined): void => {
    if (action === undefined || action === '' || deps.settings().api.unknownAction === 'invalidAction') return reply(res, 400, false, MESSAGES.invalidAction);
    res.status(404).type('application/json').send(encodeAnswer({ code: 'NOT_FOUND', message: `Unknown action "${action}"` }, deps.settings().payloadStyle));
  };

  const injectFaults: RequestHandler = async (_req, res, next) => {
    const f = deps.settings().api.faults;
    const data = res.locals.dataAction !== undefined && deps.dataApi;
    if (f.stall > 0 && faultRandom.next() < f.stall) await sleep(deps.clock, f.stallMs);
    if (f.error500 > 0 && faultRandom.next() < f.error500) return data ? data.fail(res, 'UNKNOWN', MESSAGES.serverError, 500) : reply(res, 500, false, MESSAGES.serverError);
    if (f.error503 > 0 && faultRandom.next() < f.error503) return data ? data.fail(res, 'UNKNOWN', MESSAGES.unavailable, 503) : reply(res, 503, false, MESSAGES.unavailable);
    next();
  };

  const route: RequestHandler = (req, res, next) => {
    const action = queryString(req, 'action');
    if (action !== undefined && deps.dataApi?.handles(action)) {
      res.locals.dataAction = action;
      return next();
    }
    // createproject's documented form body carries `action=` itself ($_REQUEST): read the body first.
    if (action === undefined && deps.dataApi && /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      res.locals.formAction = true;
      return next();
    }
    if (action !== 'subscribe_customer' && action !== 'unsubscribe_customer') return unknownAction(res, action);
    if (!SUBSCRIBE_METHODS[action].includes(req.method)) {
      res.setHeader('Allow', SUBSCRIBE_METHODS[action].join(', '));
      return reply(res, 405, false, MESSAGES.methodNotAllowed);
    }
    res.locals.action = action;
    next();
  };

  const handle: RequestHandler = (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (res.locals.dataAction !== undefined && deps.dataApi) return deps.dataApi.handle(res.locals.dataAction as string, req, res, raw);
    if (res.locals.formAction === true && deps.dataApi) {
      const formAction = new URLSearchParams(raw.toString('utf8')).getAll('action').at(-1);
      if (formAction === undefined || !deps.dataApi.handles(formAction)) return unknownAction(res, formAction);
      return deps.dataApi.handle(formAction, req, res, raw);
    }
    answerSubscribeAction(res.locals.action as SubscribeAction, req, res, raw, deps);
  };

  // Body-reading errors (too large, aborted, bad encoding) still answer in Solar Proof's shape.
  const bodyErrors: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    if (res.locals.dataAction !== undefined && deps.dataApi) {
      if (err.type === 'entity.too.large') return deps.dataApi.fail(res, 'INVALID_PARAMETERS', MESSAGES.bodyTooLarge, 413);
      if (err.type !== undefined || (err.status !== undefined && err.status < 500)) return deps.dataApi.fail(res, 'INVALID_PARAMETERS', 'The request body could not be read', 400);
      return deps.dataApi.fail(res, 'UNKNOWN', MESSAGES.serverError, 500);
    }
    if (err.type === 'entity.too.large') return reply(res, 413, false, MESSAGES.bodyTooLarge);
    return reply(res, err.status && err.status >= 400 && err.status < 500 ? err.status : 400, false, MESSAGES.invalidJson);
  };

  // The raw body is read whatever the Content-Type, as a PHP script reading php://input does.
  // Rebuilt only when api.maxBodyBytes changes at run time.
  let rawBody = { limit: -1, read: ((_req, _res, next) => next()) as RequestHandler };
  const readRawBody: RequestHandler = (req, res, next) => {
    const limit = deps.settings().api.maxBodyBytes;
    if (rawBody.limit !== limit) rawBody = { limit, read: express.raw({ type: () => true, limit }) };
    rawBody.read(req, res, next);
  };

  // The legacy docs call the API at the site's root (`POST /?action=updatecustomer&api_key=...`):
  // with an `action=` the root routes like /apidata.php; without one it is left to the dashboard.
  router.all('/', (req, _res, next) => (queryString(req, 'action') === undefined ? next('router') : next()));
  router.all(
    ['/apidata.php', '/'],
    route,
    injectFaults,
    readRawBody,
    handle,
    bodyErrors,
  );
  // A path below the script (`/apidata.php/x`) is no action: answered in the same envelope, not HTML.
  router.all('/apidata.php/{*rest}', (_req, res) => reply(res, 404, false, MESSAGES.notFound));
  return router;
}
