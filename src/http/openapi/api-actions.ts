import { z } from 'zod';
import { EVENT_TYPES } from '../../core/event-types.js';
import { lazySchema } from '../../core/lazy-schema.js';
import { MESSAGES } from '../../solarproof/solarproof-api.js';

/**
 * One `/apidata.php?action=...` operation, as the OpenAPI generator reads it. Solar Proof has one
 * path for everything; each action is a row of this table, so new actions (the data API) plug in
 * by adding rows: `buildOpenApi({ routes, actions: [...SOLARPROOF_WEBHOOK_ACTIONS, ...more] })`.
 */
export interface ApiActionDescriptor {
  /** The `action` query value, e.g. `subscribe_customer`. */
  action: string;
  /** HTTP methods that run it (others answer 405). */
  methods: ReadonlyArray<'get' | 'post' | 'put' | 'patch' | 'delete'>;
  summary: string;
  description?: string;
  /** The JSON body it reads, when it reads one. */
  body?: z.ZodType;
  /** Extra query parameters it reads (besides `action` and `api_key`). */
  query?: z.ZodObject;
  /** What it answers, by HTTP status. */
  responses: { [status: number]: z.ZodType };
}

/** Solar Proof's answer envelope, `{"success","message"}`, with the messages possible at one status. */
export function envelope(success: boolean, messages: readonly [string, ...string[]]): z.ZodType {
  return lazySchema(() => z.object({ success: z.literal(success), message: z.enum(messages) }));
}

/** What any action can answer besides its own messages: a missing or unserved action, a wrong method, a body too large, injected faults. */
export const COMMON_ACTION_RESPONSES: { [status: number]: z.ZodType } = {
  400: envelope(false, [MESSAGES.invalidAction]),
  404: lazySchema(() => z.object({ code: z.literal('NOT_FOUND'), message: z.string().meta({ examples: ['Unknown action "get_all_projects"'] }) }).meta({ description: 'An action the emulator does not serve (api.unknownAction: notFound, the default)' })),
  405: envelope(false, [MESSAGES.methodNotAllowed]),
  413: envelope(false, [MESSAGES.bodyTooLarge]),
  500: envelope(false, [MESSAGES.serverError]),
  503: envelope(false, [MESSAGES.unavailable]),
};

const hookUrl = lazySchema(() => z.string().meta({ format: 'uri', description: 'Absolute http(s) URL that receives the events', examples: ['https://example.com/hooks/solarproof'] }));

/** The webhook actions Solar Proof documents (solarproof-api.md sections 2-3), in the order it checks a request. */
export const SOLARPROOF_WEBHOOK_ACTIONS: readonly ApiActionDescriptor[] = [
  {
    action: 'subscribe_customer',
    methods: ['post'],
    summary: 'Subscribe a hook URL to one event type',
    description: 'Idempotent per (account, hookUrl, type_request). Checks, in order: body, JSON, hookUrl, URL format, type, API key.',
    body: lazySchema(() => z.object({ hookUrl, type_request: z.enum(EVENT_TYPES).meta({ description: 'The event type (contract_signed only in payload version v2)' }) })),
    responses: {
      200: envelope(true, [MESSAGES.subscribed]),
      400: envelope(false, [MESSAGES.emptyBody, MESSAGES.invalidJson, MESSAGES.hookUrlRequired, MESSAGES.invalidUrl, MESSAGES.invalidType, MESSAGES.invalidKey]),
    },
  },
  {
    action: 'unsubscribe_customer',
    methods: ['post', 'delete'],
    summary: 'Unsubscribe a hook URL from every event type of the account',
    description: 'Removes every subscription of exactly this hookUrl in the account; pending deliveries to it are cancelled.',
    body: lazySchema(() => z.object({ hookUrl })),
    responses: {
      200: envelope(true, [MESSAGES.unsubscribed]),
      400: envelope(false, [MESSAGES.emptyBody, MESSAGES.invalidJson, MESSAGES.hookUrlRequired, MESSAGES.invalidUrl, MESSAGES.invalidKey, MESSAGES.noMatch]),
    },
  },
];
