import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes.js';
import type { TriggerRequest } from '../../events/trigger-request.js';
import { eventRoutes, type EventRouteDeps } from './event-routes.js';

/** The trigger route with fake parts: what it asked of the trigger, and what it answered. */
function triggerRoute(afterDueSends: EventRouteDeps['afterDueSends']) {
  const made: TriggerRequest[] = [];
  const answers: unknown[] = [];
  const deps: EventRouteDeps = {
    catalogue: { describe: () => [] },
    events: {
      triggerWhenRoom: (request) => {
        made.push(request);
        return { events: [], deliveries: [] };
      },
    },
    afterDueSends,
    payloadVersion: () => 'v2',
    apiKeys: () => ['sp_test_key'],
  };
  const route = eventRoutes(deps).find((r) => r.spec === routes.trigger)!;
  const res = { locals: {}, json: (body: unknown) => answers.push(body), once: () => res, off: () => res } as unknown as Response;
  const body = { type: 'customer_created' };
  const run = (): void | Promise<void> => route.handle({ req: { body } as Request, res, params: {}, body, query: {} });
  return { run, made, answers };
}

describe('the trigger route and the sends falling due (decision 0040)', () => {
  it('makes the event only after the sends due now have gone out', async () => {
    let release!: () => void;
    const due = new Promise<void>((resolve) => (release = resolve));
    const { run, made, answers } = triggerRoute(() => due);
    const handled = run();
    await Promise.resolve();
    expect(made).toEqual([]);
    release();
    await handled;
    expect(made).toEqual([{ type: 'customer_created' }]);
    expect(answers).toEqual([{ events: [], deliveries: [] }]);
  });

  it('makes the event in the same turn when no send is near (nothing to wait for)', () => {
    const { run, made } = triggerRoute(() => undefined);
    void run();
    expect(made).toEqual([{ type: 'customer_created' }]);
  });
});
