import type { RequestHandler } from 'express';

/** One control API route: the whole admin surface is a visible table of these (see control-api.ts). */
export interface ControlRoute {
  method: 'get' | 'post' | 'patch' | 'delete' | 'put';
  /** Path under /_emulator, e.g. `/deliveries/:id`. */
  path: string;
  /** One line for the route index (`GET /_emulator`). */
  summary: string;
  handler: RequestHandler;
}
