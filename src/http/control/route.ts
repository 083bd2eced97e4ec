import type { Request, Response } from 'express';
import type { z } from 'zod';
import { EmulatorError, type ErrorCode } from '../../core/errors.js';
import { formatIssues } from '../../core/format-issues.js';

/** What a route handler gets: the parsed body and query, the path params, and the response. */
export interface RouteContext<B, Q> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: Record<string, string>;
}

/** One control API route: the whole admin surface is a visible table of these (see control-api.ts). */
export interface ControlRoute {
  method: 'get' | 'post' | 'patch' | 'delete' | 'put';
  /** Path under /_emulator, e.g. `/deliveries/:id`. */
  path: string;
  /** One line for the route index (`GET /_emulator`). */
  summary: string;
  /** The request body's schema, when the route takes one (also the contract's documentation). */
  body?: z.ZodType;
  /** The query's schema, when the route reads one. */
  query?: z.ZodType;
  /** What it answers, per status (the OpenAPI document is generated from these; see src/http/openapi). */
  responses?: RouteResponses;
  /** Runs with the body and query parsed; throws an EmulatorError for a problem answer. */
  handle(ctx: RouteContext<unknown, unknown>): void | Promise<void>;
}

/** One answer: a JSON body's schema, or a description with a schema and a content type (e.g. SSE). */
export type RouteResponse = z.ZodType | { description: string; schema?: z.ZodType; contentType?: string };
/** Answers by HTTP status; problem+json errors are documented from `errors` or added by the generator. */
export type RouteResponses = { [status: number]: RouteResponse };

type BodySpec<B> =
  /** Parsed with zod; a mismatch is a 400 INVALID_BODY listing every problem by path. */
  | { body?: z.ZodType<B>; parseBody?: undefined }
  /** Read by the route's own parser (problems that need their own codes); `body` still documents it. */
  | { body: z.ZodType; parseBody: (raw: unknown) => B };

type RouteSpec<B, Q> = BodySpec<B> & {
  method: ControlRoute['method'];
  path: string;
  summary: string;
  query?: z.ZodType<Q>;
  responses?: RouteResponses;
  handle(ctx: RouteContext<B, Q>): void | Promise<void>;
};

/**
 * Declares a route: its input schemas and a handler typed by them.
 *
 * @example defineRoute({ method: 'get', path: '/health', summary: 'Liveness', handle: ({ res }) => { res.json({ status: 'ok' }); } })
 */
export function defineRoute<B = undefined, Q = undefined>(spec: RouteSpec<B, Q>): ControlRoute {
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.responses ? { responses: spec.responses } : {}),
    handle: ({ req, res, params }) => {
      const body = spec.parseBody ? spec.parseBody(req.body) : spec.body ? parseInput(spec.body, req.body ?? {}, 'INVALID_BODY') : undefined;
      const query = spec.query ? parseInput(spec.query, req.query, 'INVALID_QUERY') : undefined;
      return spec.handle({ req, res, params, body: body as B, query: query as Q });
    },
  };
}

/** Parses `input` or throws a 400 whose detail lists every problem, with `problems` beside it. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, code: ErrorCode): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = code === 'INVALID_QUERY' ? parsed.error.issues.map((i) => i.message) : formatIssues(parsed.error.issues, input);
  const detail = problems.join('; ');
  throw new EmulatorError(code, detail.endsWith('.') ? detail : `${detail}.`, { extra: { problems } });
}
