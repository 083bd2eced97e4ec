import type { Response } from 'express';

/** Solar Proof's exact messages (solarproof-api.md sections 2-3). */
export const MESSAGES = {
  subscribed: 'Webhook subscribed successfully',
  unsubscribed: 'Webhook unsubscribed successfully',
  emptyBody: 'Empty request body',
  invalidJson: 'Invalid JSON',
  hookUrlRequired: 'hookUrl parameter is required',
  invalidUrl: 'Invalid webhook URL format',
  invalidType: 'Invalid webhook type',
  invalidKey: 'Invalid API key',
  noMatch: 'No matching webhook found for this user',
  // [OURS] messages for what the docs do not cover.
  invalidAction: 'Invalid action',
  methodNotAllowed: 'Method not allowed',
  bodyTooLarge: 'Request body too large',
  serverError: 'Internal server error',
  unavailable: 'Service temporarily unavailable',
  notFound: 'Not found',
  subscriptionLimit: 'Webhook subscription limit reached',
} as const;

/** Solar Proof's `{"success", "message"}` answer of subscribe/unsubscribe (and of the router's own errors). */
export function reply(res: Response, status: number, success: boolean, message: string): void {
  res.status(status).type('application/json').send(JSON.stringify({ success, message }));
}
