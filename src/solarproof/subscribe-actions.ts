/**
 * `subscribe_customer` and `unsubscribe_customer` (solarproof-api.md sections 2-3): the checks run
 * in the documented table's order (body, JSON, hookUrl, URL format, type, key) and answer with
 * Solar Proof's exact messages.
 */
import type { Request, Response } from 'express';
import type { Account } from '../core/account.js';
import { isEventType, type EventType, type PayloadVersion } from '../core/event-types.js';
import { nestsDeeperThan } from '../core/json-limits.js';
import type { HookHostRules } from '../guard/hook-host-policy.js';
import { isValidHookUrl } from '../guard/hook-url.js';
import { MESSAGES, reply } from './api-messages.js';
import { isPhpEmpty } from './php-input.js';
import type { Subscription } from './subscription-store.js';

/** The longest hook URL accepted: what browsers and most servers keep (longer is `Invalid webhook URL format`). */
export const MAX_HOOK_URL_LENGTH = 2048;

export type SubscribeAction = 'subscribe_customer' | 'unsubscribe_customer';

export const SUBSCRIBE_METHODS: Record<SubscribeAction, readonly string[]> = {
  subscribe_customer: ['POST'],
  unsubscribe_customer: ['POST', 'DELETE'],
};

/** What subscribe/unsubscribe read and call (a part of `SolarproofApiDeps`). */
export interface SubscribeDeps {
  accounts: { get(apiKey: string): Account | undefined };
  subscriptions: {
    subscribe(apiKey: string, hookUrl: string, type: EventType): unknown;
    /** The account's subscriptions of this URL and type (0 or 1) and in all. */
    list(filter: { apiKey: string; hookUrl: string; type: EventType }): readonly unknown[];
    countFor(apiKey: string): number;
    unsubscribe(apiKey: string, hookUrl: string): Subscription[];
  };
  settings(): { payloadVersion: PayloadVersion; api: { maxSubscriptionsPerAccount: number } };
  hookRules(): HookHostRules;
}

/** PHP reads repeated query keys last-wins; arrays (`key[]=`) are not strings at all. */
export function queryString(req: Request, key: string): string | undefined {
  const value: unknown = req.query[key];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** Answers a subscribe/unsubscribe request whose method was checked; `raw` is the body as read. */
export function answerSubscribeAction(action: SubscribeAction, req: Request, res: Response, raw: Buffer, deps: SubscribeDeps): void {
  if (raw.length === 0) return reply(res, 400, false, MESSAGES.emptyBody);
  let data: unknown;
  try {
    data = JSON.parse(raw.toString('utf8'));
  } catch {
    return reply(res, 400, false, MESSAGES.invalidJson);
  }
  // PHP's json_decode fails past depth 512 (and Solar Proof then says Invalid JSON).
  if (nestsDeeperThan(data)) return reply(res, 400, false, MESSAGES.invalidJson);
  // A JSON value that is not an object has no hookUrl.
  const body = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const config = deps.settings();
  const hookUrl = body.hookUrl;
  if (isPhpEmpty(hookUrl)) return reply(res, 400, false, MESSAGES.hookUrlRequired);
  if (typeof hookUrl !== 'string' || hookUrl.length > MAX_HOOK_URL_LENGTH || !isValidHookUrl(hookUrl, deps.hookRules())) {
    return reply(res, 400, false, MESSAGES.invalidUrl);
  }
  const apiKey = queryString(req, 'api_key') ?? '';
  if (action === 'subscribe_customer') {
    const type = body.type_request;
    if (!isEventType(type, config.payloadVersion)) return reply(res, 400, false, MESSAGES.invalidType);
    if (!deps.accounts.get(apiKey)) return reply(res, 400, false, MESSAGES.invalidKey);
    const repeat = deps.subscriptions.list({ apiKey, hookUrl, type }).length > 0;
    if (!repeat && deps.subscriptions.countFor(apiKey) >= config.api.maxSubscriptionsPerAccount) {
      return reply(res, 400, false, MESSAGES.subscriptionLimit);
    }
    deps.subscriptions.subscribe(apiKey, hookUrl, type);
    return reply(res, 200, true, MESSAGES.subscribed);
  }
  if (!deps.accounts.get(apiKey)) return reply(res, 400, false, MESSAGES.invalidKey);
  const removed = deps.subscriptions.unsubscribe(apiKey, hookUrl);
  if (removed.length === 0) return reply(res, 400, false, MESSAGES.noMatch);
  return reply(res, 200, true, MESSAGES.unsubscribed);
}
