import type { z } from 'zod';
import type { Happening } from '../world/world.js';
import type { EventType, PayloadVersion } from '../core/event-types.js';

/**
 * One (type, version) payload: its schema, its shape and how it is drawn from a world happening.
 * The field order of `render`'s object literal is the order on the wire.
 */
export interface VersionSpec {
  /** False when solarproof-api.md documents the payload, true when designed from its vocabulary. */
  inferred: boolean;
  /** Fields added to a documented payload (listed in the README as inferred). */
  inferredFields?: readonly string[];
  /** v1 payloads and v2 customer_created are one object; other v2 payloads an array of objects. */
  shape: 'object' | 'array';
  /** The schema of the object (of each element, for array payloads). */
  item: z.ZodObject;
  render(h: Happening): Record<string, unknown>;
}

export interface PayloadDefinition {
  type: EventType;
  /** When Solar Proof sends it (solarproof-api.md section 4) and what the emulator's world does. */
  description: string;
  versions: Partial<Record<PayloadVersion, VersionSpec>>;
}

/**
 * Ties a render function's return type to its schema, so a field cannot drift from the schema,
 * and keeps the schema and shape in the result's type: `PayloadItem` / `EventPayload`
 * (payload-types.ts) read them back from PAYLOAD_DEFINITIONS.
 */
export function versionSpec<S extends z.ZodObject, const Shape extends VersionSpec['shape']>(
  spec: Omit<VersionSpec, 'item' | 'shape' | 'render'> & { shape: Shape; item: S; render(h: Happening): z.infer<S> },
): Omit<VersionSpec, 'item' | 'shape'> & { item: S; shape: Shape } {
  return spec as Omit<VersionSpec, 'item' | 'shape'> & { item: S; shape: Shape };
}
