import type { z } from 'zod';
import type { HappeningOf } from '../world/happening.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';

/**
 * One (type, version) payload: its schema, its shape and how it is drawn from a world happening.
 * The field order of `render`'s object literal is the order on the wire.
 */
export interface VersionSpec<T extends EventType = EventType> {
  /** False when solarproof-api.md documents the payload, true when designed from its vocabulary. */
  inferred: boolean;
  /** Fields added to a documented payload (listed in the README as inferred). */
  inferredFields?: readonly string[];
  /** v1 payloads and v2 customer_created are one object; other v2 payloads an array of objects. */
  shape: 'object' | 'array';
  /** The schema of the object (of each element, for array payloads). */
  item: z.ZodObject;
  /**
   * Reads the happening of its own event type. (A method, so a type's spec widens to
   * `VersionSpec`: the catalogue only hands a spec the happening of the type it was looked up for.)
   */
  render(h: HappeningOf<T>): Record<string, unknown>;
}

export interface PayloadDefinition<T extends EventType = EventType> {
  type: T;
  /** When Solar Proof sends it (solarproof-api.md section 4) and what the emulator's world does. */
  description: string;
  versions: Partial<Record<PayloadVersion, VersionSpec<T>>>;
}

/**
 * Ties a render function's return type to its schema, so a field cannot drift from the schema,
 * and its argument to the happening of `type`, so it reads only what that event always has.
 * Keeps the schema and shape in the result's type: `PayloadItem` / `EventPayload`
 * (payload-types.ts) read them back from PAYLOAD_DEFINITIONS.
 *
 * @example
 *   versionSpec('customer_created', { inferred: false, shape: 'object', item, render: ({ customer }) => ({ ... }) })
 */
export function versionSpec<T extends EventType, S extends z.ZodObject, const Shape extends VersionSpec['shape']>(
  type: T,
  spec: Omit<VersionSpec<T>, 'item' | 'shape' | 'render'> & { shape: Shape; item: S; render(h: HappeningOf<T>): z.infer<S> },
): Omit<VersionSpec<T>, 'item' | 'shape'> & { item: S; shape: Shape } {
  return spec as Omit<VersionSpec<T>, 'item' | 'shape'> & { item: S; shape: Shape };
}
