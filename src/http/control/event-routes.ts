import type { EventTypeInfo } from '../../catalogue/catalogue.js';
import type { PayloadVersion } from '../../core/event-types.js';
import type { TriggerFn, TriggerRequest } from '../../events/trigger-request.js';
import { parseTriggerBody, triggerBodySchema } from '../../events/trigger-request.js';
import { defineRoute, type ControlRoute } from './route.js';
import { eventTypesSchema, triggerResultSchema } from './response-schemas.js';

export interface EventRouteDeps {
  catalogue: { describe(version: PayloadVersion): EventTypeInfo[] };
  events: { trigger: TriggerFn };
  payloadVersion(): PayloadVersion;
  /** The configured API keys, for messages. */
  apiKeys(): readonly string[];
}

/** The event catalogue and the trigger. */
export function eventRoutes(deps: EventRouteDeps): ControlRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/event-types',
      summary: 'The catalogue: per type its description, payload version, JSON Schema and an example',
      responses: { 200: eventTypesSchema },
      handle: ({ res }) => {
        const version = deps.payloadVersion();
        res.json({ payloadVersion: version, eventTypes: deps.catalogue.describe(version) });
      },
    }),
    defineRoute<TriggerRequest>({
      method: 'post',
      path: '/events',
      summary: 'Trigger: {"type","count"?,"overrides"?,"apiKey"?,"subject"?} -> {"events","deliveries"}',
      responses: { 200: triggerResultSchema },
      body: triggerBodySchema,
      parseBody: (raw) => parseTriggerBody(raw, deps.apiKeys),
      handle: ({ res, body }) => {
        const result = deps.events.trigger(body);
        res.json({
          events: result.events.map((e) => ({ id: e.id, type: e.type, payload: e.payload })),
          deliveries: result.deliveries,
        });
      },
    }),
  ];
}
