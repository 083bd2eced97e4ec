import { z } from 'zod';
import { stateDocumentSchema } from '../../state/state-document.js';
import { defineRoute, type ControlRoute } from './route.js';

export interface StateRouteDeps {
  state: {
    /** The whole state as one versioned document. */
    get(): unknown;
    /** Replaces the whole state; throws INVALID_STATE (problems by path) and changes nothing when the document does not fit. */
    put(doc: unknown): unknown;
  };
}

/** `GET /_emulator/state` and `PUT /_emulator/state`: export and import the whole state. */
export function stateRoutes(deps: StateRouteDeps): ControlRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/state',
      summary: 'The whole state (subscriptions, world, journal, pending deliveries, schedules, config) as one versioned JSON document',
      responses: { 200: stateDocumentSchema },
      handle: ({ res }) => {
        res.json(deps.state.get());
      },
    }),
    defineRoute({
      method: 'put',
      path: '/state',
      summary: 'Replace the whole state with a document from GET /_emulator/state (an invalid one changes nothing)',
      body: stateDocumentSchema,
      // The state part checks the document itself (problems by path, INVALID_STATE).
      parseBody: (raw): unknown => raw,
      responses: { 200: z.object({ status: z.literal('imported') }) },
      handle: ({ res, body }) => {
        deps.state.put(body);
        res.json({ status: 'imported' });
      },
    }),
  ];
}
