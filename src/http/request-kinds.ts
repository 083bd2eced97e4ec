import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

/**
 * The server's request and response classes, made with `app`'s own request and response objects as
 * their prototypes: Express sets those prototypes on every request it handles, and setting a
 * prototype an object already has changes nothing, where changing it costs V8 new maps and the
 * garbage that outlives a scavenge (docs/decisions/0041-requests-born-with-the-app-prototypes.md).
 *
 * @example createServer(requestKindsOf(app), app)
 */
export function requestKindsOf(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  function AppRequest(this: IncomingMessage, socket: never): void {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: never) => void).call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return { IncomingMessage: AppRequest as unknown as typeof IncomingMessage, ServerResponse: AppResponse as unknown as typeof ServerResponse };
}
