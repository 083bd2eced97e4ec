import type { EventType, PayloadVersion } from '../core/event-types.js';

/**
 * Payload types by version and event type, for typed trigger overrides and answers. The
 * catalogue's zod schemas are the source, but the contract (and the client on top of it) must
 * not import the catalogue: src/http/control/payload-registry.ts fills this interface in by
 * declaration merging, with `items` and `payloads` as maps `{ [version]: { [type]: T } }`.
 * Unfilled (a program without that file), payloads read as plain JSON objects.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PayloadTypes {}

type ByVersionAndType = { [V in PayloadVersion]: { [T in EventType]: unknown } };

/** One payload object of (T, V) (for array payloads, each element). */
export type RegisteredPayloadItem<T extends EventType, V extends PayloadVersion> = PayloadTypes extends { items: infer M extends ByVersionAndType } ? M[V][T] : Record<string, unknown>;

/** Exactly what is POSTed for (T, V): the object, or an array of them. */
export type RegisteredEventPayload<T extends EventType, V extends PayloadVersion> = PayloadTypes extends { payloads: infer M extends ByVersionAndType } ? M[V][T] : unknown;
