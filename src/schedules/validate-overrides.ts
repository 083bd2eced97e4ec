import { z } from 'zod';
import { checkOverrides } from '../catalogue/apply-overrides.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { EventType, PayloadVersion } from '../catalogue/event-types.js';

/**
 * Checks overrides against a type's payload schema before a schedule or scenario starts, so a
 * typo is a 400 at once rather than a failure at every emission. Throws the catalogue's
 * OverrideError (with `field`). Nested values are checked at emission, when the payload exists.
 *
 * @example validateOverrides(emu.catalogue, 'v2', 'customer_created', { customer_id: 'x' }) // throws
 */
export function validateOverrides(catalogue: Catalogue, version: PayloadVersion, type: EventType, overrides: Record<string, unknown>): void {
  const schema = catalogue.schemaFor(type, version);
  if (schema === undefined) return;
  const item = schema instanceof z.ZodArray ? schema.element : schema;
  if (item instanceof z.ZodObject) checkOverrides(overrides, item, `${type} ${version}`);
}
