import { createHash } from 'node:crypto';
import { routes } from '../../contract/routes.js';
import { EmulatorError } from '../../core/errors.js';
import { bind, type ControlRoute } from './route.js';

export interface StateRouteDeps {
  state: {
    /** The whole state as one versioned document. */
    get(): unknown;
    /** Replaces the whole state; throws INVALID_STATE (problems by path) and changes nothing when the document does not fit. */
    put(doc: unknown): unknown;
  };
}

/**
 * The state's entity tag: a hash of the document but its `savedAt` (the time of the export, not
 * a change of state). Two exports with nothing changed in between have the same tag.
 */
export function stateTag(doc: unknown): string {
  const plain = typeof doc === 'object' && doc !== null ? { ...doc, savedAt: undefined } : doc;
  return `"${createHash('sha256').update(JSON.stringify(plain)).digest('base64url').slice(0, 27)}"`;
}

/** Whether an `If-Match` header value (`*`, or a list of tags, weak ones included) names `tag`. */
export function ifMatchHolds(header: string, tag: string): boolean {
  const wanted = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return wanted.includes('*') || wanted.includes(tag);
}

/**
 * `GET /_emulator/state` and `PUT /_emulator/state`: export and import the whole state. The GET
 * answers an `ETag`; a PUT with `If-Match` replaces the state only if it is still the one that
 * tag names (412 STATE_CHANGED otherwise), so a GET-edit-PUT cannot drop what happened between.
 */
export function stateRoutes(deps: StateRouteDeps): ControlRoute[] {
  return [
    bind(routes.getState, ({ res }) => {
      const doc = deps.state.get();
      res.setHeader('ETag', stateTag(doc));
      res.json(doc);
    }),
    bind<typeof routes.putState, unknown>(
      routes.putState,
      ({ req, res, body }) => {
        const ifMatch = req.get('if-match');
        if (ifMatch !== undefined) {
          const now = stateTag(deps.state.get());
          if (!ifMatchHolds(ifMatch, now)) {
            throw new EmulatorError('STATE_CHANGED', `The state changed since the document was read (If-Match ${ifMatch}, the state is now ${now}); nothing was replaced. GET /_emulator/state again, reapply your edit and PUT it with the new ETag.`, { extra: { etag: now } });
          }
        }
        deps.state.put(body);
        res.setHeader('ETag', stateTag(deps.state.get()));
        res.json({ status: 'imported' });
      },
      // The state part checks the document itself (problems by path, INVALID_STATE).
      { parseBody: (raw): unknown => raw },
    ),
  ];
}
