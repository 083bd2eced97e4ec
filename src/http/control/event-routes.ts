import type { EventTypeInfo } from '../../catalogue/catalogue.js';
import type { PayloadVersion } from '../../core/event-types.js';
import type { TriggerFn, TriggerRequest } from '../../events/trigger-request.js';
import { parseTriggerBody } from '../../events/trigger-request.js';
import { routes } from '../../contract/routes.js';
import { sinceArrival } from '../arrival.js';
import { bind, type ControlRoute } from './route.js';

export interface EventRouteDeps {
  catalogue: { describe(version: PayloadVersion): EventTypeInfo[] };
  /** The trigger that waits for room in the send queue (EventTrigger.triggerWhenRoom). */
  events: { triggerWhenRoom(request: TriggerRequest, signal?: () => AbortSignal, elapsed?: () => number): ReturnType<TriggerFn> | Promise<ReturnType<TriggerFn>> };
  /**
   * Resolves once the sends with injected latency due within 4 ms have gone out and 2 ms have
   * passed (undefined when none is near or just sent): a trigger is handled after them, not in
   * their way nor in the receiver's (decisions 0040, 0053).
   */
  afterDueSends?(): Promise<void> | undefined;
  payloadVersion(): PayloadVersion;
  /** The configured API keys, for messages. */
  apiKeys(): readonly string[];
}

/** The event catalogue and the trigger. */
export function eventRoutes(deps: EventRouteDeps): ControlRoute[] {
  return [
    bind(routes.eventTypes, ({ res }) => {
      const version = deps.payloadVersion();
      res.json({ payloadVersion: version, eventTypes: deps.catalogue.describe(version) });
    }),
    bind<typeof routes.trigger, TriggerRequest>(
      routes.trigger,
      async ({ res, body }) => {
        // Back-pressure: waits while the send queue is full (delivery.sendQueue); a client that
        // goes away stops waiting and creates nothing. The signal is made only when it has to wait.
        let gone: AbortController | undefined;
        // A send due within the moment goes first, and its receiver gets 2 ms: the trigger's handling
        // (~1-3 ms) would make it late. Its own deliveries lose nothing: their latency counts from its arrival.
        const dueSends = deps.afterDueSends?.();
        if (dueSends) await dueSends;
        const onClose = (): void => gone?.abort(new Error('the client went away'));
        // Injected latency counts from the request's arrival (decision 0034).
        const outcome = deps.events.triggerWhenRoom(
          body,
          () => {
            gone = new AbortController();
            res.once('close', onClose);
            return gone.signal;
          },
          sinceArrival(res),
        );
        let result: ReturnType<TriggerFn>;
        if (outcome instanceof Promise) {
          try {
            result = await outcome;
          } finally {
            res.off('close', onClose);
          }
          if (gone?.signal.aborted) return;
        } else result = outcome;
        res.json({
          events: result.events.map((e) => ({ id: e.id, type: e.type, payload: e.payload })),
          deliveries: result.deliveries,
        });
      },
      { parseBody: (raw) => parseTriggerBody(raw, deps.apiKeys) },
    ),
  ];
}
