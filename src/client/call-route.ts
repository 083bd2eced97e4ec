import { pathWith, type AnswerOf, type ParamsOf, type RouteSpec } from '../contract/route.js';
import { EmulatorApiError } from './emulator-api-error.js';
import type { ClientSend } from './node-http-send.js';

/** Query values as the client takes them: lists become repeated parameters (`state=failed&state=dropped`), which every filter accepts. */
export type QueryValues = Record<string, string | number | boolean | readonly string[] | undefined>;

export function queryString(params: QueryValues): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
    else if (v !== undefined) q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

type Params<R extends RouteSpec> = keyof ParamsOf<R['path']> extends never ? { params?: undefined } : { params: ParamsOf<R['path']> };
/** What one call sends: the path's params, a query, a body. */
export type CallInput<R extends RouteSpec> = Params<R> & { query?: QueryValues; body?: unknown; signal?: AbortSignal };

/** The URL of a control route (paths come from the contract's table only). */
export function routeUrl(base: string, route: RouteSpec, input: { params?: Record<string, string>; query?: QueryValues } = {}): string {
  return `${base}/_emulator${pathWith(route.path, input.params)}${queryString(input.query ?? {})}`;
}

/** Calls a route of the contract's table; resolves with its answer, typed by the route's response schema. */
export type RouteCaller = <R extends RouteSpec, A = AnswerOf<R>>(route: R, ...input: keyof ParamsOf<R['path']> extends never ? [CallInput<R>?] : [CallInput<R>]) => Promise<A>;

/** The one way the client reaches the control API, with the admin token when it has one. */
export function routeCaller(base: string, auth: Record<string, string>, send: ClientSend = (i, init) => globalThis.fetch(i, init)): RouteCaller {
  return async (route: RouteSpec, input: { params?: Record<string, string>; query?: QueryValues; body?: unknown; signal?: AbortSignal } = {}) => {
    const body = input.body;
    const res = await send(routeUrl(base, route, input), {
      method: route.method.toUpperCase(),
      headers: body === undefined ? { ...auth } : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw EmulatorApiError.fromAnswer(res.status, text);
    // The control API answers JSON on success; an empty body (none today) reads as undefined.
    return (text ? JSON.parse(text) : undefined) as never;
  };
}
