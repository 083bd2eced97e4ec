import { routes } from '../../contract/routes.js';
import { bind, type ControlRoute } from './route.js';

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
    bind(routes.getState, ({ res }) => {
      res.json(deps.state.get());
    }),
    bind<typeof routes.putState, unknown>(
      routes.putState,
      ({ res, body }) => {
        deps.state.put(body);
        res.json({ status: 'imported' });
      },
      // The state part checks the document itself (problems by path, INVALID_STATE).
      { parseBody: (raw): unknown => raw },
    ),
  ];
}
