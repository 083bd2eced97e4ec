import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { RouteSpec } from '../../contract/route.js';
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

/** One route of the contract's table with its handler: method, path, summary and schemas come from `spec` alone. */
export interface ControlRoute {
  spec: RouteSpec;
  /** Runs with the body and query parsed; throws an EmulatorError for a problem answer. */
  handle(ctx: RouteContext<unknown, unknown>): void | Promise<void>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * Binds a handler to a route of the contract. The body and query are parsed with the route's
 * schemas (a mismatch is a 400 INVALID_BODY / INVALID_QUERY listing every problem by path),
 * unless `parseBody` reads the body itself (problems that need their own codes).
 *
 * @example bind(routes.health, ({ res }) => { res.json({ status: 'ok', version: VERSION }); })
 */
export function bind<S extends RouteSpec, B = Parsed<S['body']>>(
  spec: S,
  handle: (ctx: RouteContext<B, Parsed<S['query']>>) => void | Promise<void>,
  options: { parseBody?: (raw: unknown) => B } = {},
): ControlRoute {
  return {
    spec,
    handle: ({ req, res, params }) => {
      const body = options.parseBody ? options.parseBody(req.body) : spec.body ? parseInput(spec.body, req.body ?? {}, 'INVALID_BODY') : undefined;
      const query = spec.query ? parseInput(spec.query, req.query, 'INVALID_QUERY') : undefined;
      return handle({ req, res, params, body: body as B, query: query as Parsed<S['query']> });
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
