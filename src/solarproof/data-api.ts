import type { Request, Response } from 'express';
import { EmulatorError } from '../core/errors.js';
import { phpJsonEncode } from '../core/php-json.js';
import { MESSAGES } from './api-messages.js';
import { createCustomer, deleteCustomer, getAllCustomers, getCustomerByEmail, getCustomerId, updateCustomer } from './customer-actions.js';
import { dataActionEntry, isDataActionName, type DataActionName } from './data-actions.js';
import type { DataApiDeps, DataHandlers, DataOf, DataRequest, QueryOf } from './data-handler.js';
import { queryParam, readDataObject, spError } from './php-input.js';
import { createProject, getCustomerOfProject, getProjectInfo } from './project-actions.js';

export type { DataAccountWorld, DataApiDeps } from './data-handler.js';

/** The data actions' handler, mounted by the `/apidata.php` router. */
export interface DataApi {
  handles(action: string): boolean;
  /** Answers the request; `raw` is the body as read (whatever the Content-Type). */
  handle(action: string, req: Request, res: Response, raw: Buffer): void;
  /** Answers an error in the data actions' envelope. */
  fail(res: Response, code: string, message: string, status: number): void;
}

/**
 * One handler per action of `DATA_ACTIONS`, keyed by the table's names: an action without a
 * handler, or a handler without an action, does not compile.
 */
export const DATA_HANDLERS: DataHandlers = {
  getallcustomers: getAllCustomers,
  getcustomerByemail: getCustomerByEmail,
  getcustomerid: getCustomerId,
  createcustomer: createCustomer,
  updatecustomer: updateCustomer,
  deletecustomer: deleteCustomer,
  getprojectinfo: getProjectInfo,
  getcustomerofproject: getCustomerOfProject,
  createproject: createProject,
};

/** The codes answered as thrown; any other client error is answered as INVALID_PARAMETERS (400). */
const ANSWERED_CODES = ['INVALID_PARAMETERS', 'INVALID_API_KEY', 'CUSTOMER_NOT_FOUND', 'PROJECT_NOT_FOUND', 'PERMISSION_DENIED'];

/** An answer as Solar Proof writes it: PHP's default json_encode escaping under `payloadStyle: "php"`. */
export function encodeAnswer(body: unknown, style: 'json' | 'php' = 'json'): string {
  return style === 'php' ? phpJsonEncode(body) : JSON.stringify(body);
}

/** Checks the method and the key, then runs action `A`'s handler: its 200 body, or it throws an `spError`. */
function answer<A extends DataActionName>(action: A, req: Request, res: Response, raw: Buffer, deps: DataApiDeps): unknown {
  const { methods } = dataActionEntry(action);
  if (!(methods as readonly string[]).includes(req.method)) {
    res.setHeader('Allow', methods.join(', '));
    throw spError('INVALID_PARAMETERS', `Method ${req.method} is not allowed for action ${action}; use ${methods.join(' or ')}`, 405);
  }
  const query = req.query as Record<string, unknown>;
  const key = queryParam(query, 'api_key');
  const apiKey = typeof key === 'string' && key !== 'array' ? key : '';
  const w = deps.accounts.get(apiKey) ? deps.world().find(apiKey) : undefined;
  if (!w) throw spError('INVALID_API_KEY', 'Invalid API key', 401);
  let parsed: Record<string, unknown> | undefined;
  // The handler reads only the documented fields (DataOf<A>); the body itself is any object.
  const data = (): DataOf<A> => (parsed ??= readDataObject(raw, req.headers['content-type'])) as DataOf<A>;
  const request: DataRequest<A> = { w, apiKey, query: query as QueryOf<A>, data };
  return DATA_HANDLERS[action](request, deps);
}

/**
 * The customers and projects actions of `/apidata.php` (solarproof-api.md section 7), on the
 * same world the webhooks come from. Errors are `{"code", "message"}` with a 4xx status.
 */
export function createDataApi(deps: DataApiDeps): DataApi {
  const send = (res: Response, status: number, body: unknown): void => {
    res.status(status).type('application/json').send(encodeAnswer(body, deps.payloadStyle?.()));
  };
  const fail = (res: Response, code: string, message: string, status: number): void => send(res, status, { code, message });
  return {
    handles: isDataActionName,
    fail,
    handle(action, req, res, raw) {
      // The router asks handles() first: another action here is a bug of the emulator.
      if (!isDataActionName(action)) throw new Error(`Not a data action: ${action}`);
      const heard = (status: number): void => {
        const key = queryParam(req.query as Record<string, unknown>, 'api_key');
        if (deps.onCall && typeof key === 'string' && deps.accounts.get(key)) deps.onCall({ apiKey: key, action, method: req.method, status });
      };
      try {
        send(res, 200, answer(action, req, res, raw, deps));
        heard(200);
      } catch (err) {
        if (err instanceof EmulatorError && err.status === 429) {
          // The write would pass delivery.maxPending: nothing was made, and trying again later can
          // work, so answer as an overloaded Solar Proof does (docs/decisions/0011), not with a 400.
          res.setHeader('Retry-After', '1');
          return fail(res, 'UNKNOWN', MESSAGES.unavailable, 503);
        }
        if (err instanceof EmulatorError && err.status < 500) {
          const known = ANSWERED_CODES.includes(err.code);
          heard(known ? err.status : 400);
          return fail(res, known ? err.code : 'INVALID_PARAMETERS', err.message, known ? err.status : 400);
        }
        throw err;
      }
    },
  };
}
