import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete' | 'put';

/** One answer: a JSON body's schema, or a description with a schema and a content type (e.g. SSE). */
export type RouteResponse = z.ZodType | { description: string; schema?: z.ZodType; contentType?: string };
/** Answers by HTTP status; problem+json errors are documented by the OpenAPI generator. */
export type RouteResponses = { readonly [status: number]: RouteResponse };

/** One control API route as data: no handler (the server binds one, the client calls it, the docs describe it). */
export interface RouteSpec {
  method: HttpMethod;
  /** Path under /_emulator, e.g. `/deliveries/:id`. */
  path: string;
  /** One line for the route index (`GET /_emulator`). */
  summary: string;
  /** The query's schema, when the route reads one. */
  query?: z.ZodType;
  /** The request body's schema, when the route takes one. */
  body?: z.ZodType;
  /** What it answers on success, per status. */
  responses: RouteResponses;
}

/**
 * Declares one route of the table, keeping its literal types (so the client and server read
 * each schema's type from it).
 *
 * @example route({ method: 'get', path: '/health', summary: 'Liveness', responses: { 200: healthSchema } })
 */
export function route<const R extends RouteSpec>(spec: R): R {
  return spec;
}

/** The schema of a success answer, whichever form it is given in. */
export function responseSchema(response: RouteResponse): z.ZodType | undefined {
  return 'safeParse' in response ? (response as z.ZodType) : (response as { schema?: z.ZodType }).schema;
}

/** The JSON a route answers with on its first success status (what the client resolves with). */
export type AnswerOf<R extends RouteSpec> = {
  [S in keyof R['responses']]: R['responses'][S] extends z.ZodType ? z.output<R['responses'][S]> : R['responses'][S] extends { schema: z.ZodType } ? z.output<R['responses'][S]['schema']> : never;
}[keyof R['responses']];

/** The path params a path names: `/deliveries/:id` -> `{ id: string }`. */
export type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? { [K in Name]: string } & ParamsOf<`/${Rest}`> : P extends `${string}:${infer Name}` ? { [K in Name]: string } : Record<never, never>;

/**
 * A path with its params filled in (each encoded).
 *
 * @example pathWith('/deliveries/:id/redeliver', { id: 'dlv_1' }) // '/deliveries/dlv_1/redeliver'
 */
export function pathWith(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathWith: no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}
