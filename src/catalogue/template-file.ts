import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { EmulatorError } from '../core/errors.js';
import { EVENT_TYPES, PAYLOAD_VERSIONS, eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';

/**
 * The template-replacement file (`world.templatesFile`): for the day Solar Proof changes a
 * payload, a user describes the new field set without waiting for a release.
 *
 * {
 *   "customer_created": {
 *     "v2": {
 *       "shape": "object",
 *       "fields": { "customer_id": "{{payload.customer_id}}", "full_name": "{{customer.name}}", "source": "web" }
 *     }
 *   }
 * }
 *
 * A string that is exactly one `{{path}}` keeps the value's type; other strings interpolate.
 */
export interface RawTemplate {
  shape: 'object' | 'array';
  fields: Record<string, unknown>;
}

export type RawTemplates = Map<`${EventType}:${PayloadVersion}`, RawTemplate>;

// Built when a templates file is first read (decision 0035): most runs have none.
const templateSchema = lazySchema(() =>
  z.strictObject({
    shape: z.enum(['object', 'array']).optional(),
    fields: z.record(z.string(), z.json()).refine((f) => Object.keys(f).length > 0, { message: 'fields must name at least one field' }),
  }),
);
const fileSchema = lazySchema(() => z.partialRecord(z.enum(EVENT_TYPES), z.partialRecord(z.enum(PAYLOAD_VERSIONS), templateSchema)));

/** Reads and checks the file; throws INVALID_FILE listing every problem by path. */
export function loadTemplates(path: string): RawTemplates {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EmulatorError('INVALID_FILE', `world.templatesFile ${path}: cannot read it as JSON (${(err as Error).message}).`);
  }
  return parseTemplates(raw, path);
}

export function parseTemplates(raw: unknown, source = 'templates'): RawTemplates {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new EmulatorError('INVALID_FILE', `world.templatesFile ${source}: ${problems.join('; ')}. See the README, "Replacing a payload template".`);
  }
  const out: RawTemplates = new Map();
  for (const [type, versions] of Object.entries(parsed.data) as Array<[EventType, Partial<Record<PayloadVersion, z.infer<typeof templateSchema>>> | undefined]>) {
    if (!versions) continue;
    for (const [version, t] of Object.entries(versions) as Array<[PayloadVersion, z.infer<typeof templateSchema> | undefined]>) {
      if (!t) continue;
      if (!eventTypesFor(version).includes(type)) {
        throw new EmulatorError('INVALID_FILE', `world.templatesFile ${source}: ${type}.${version}: payload version ${version} has no ${type} event (known: ${eventTypesFor(version).join(', ')}).`);
      }
      const shape = t.shape ?? (version === 'v1' || type === 'customer_created' ? 'object' : 'array');
      out.set(`${type}:${version}`, { shape, fields: t.fields as Record<string, unknown> });
    }
  }
  return out;
}
