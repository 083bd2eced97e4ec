import { DEFAULT_ACCOUNT } from '../core/account.js';
import { eventTypesFor, type EventType, type PayloadVersion } from '../core/event-types.js';
import { createRandom } from '../core/random.js';
import { worldConfigSchema } from '../config/world-config.js';
import { EXAMPLE_ORDER } from '../catalogue/catalogue-core.js';
import { builtInSpec } from '../catalogue/payload-definitions.js';
import { templateContext } from '../catalogue/template-spec.js';
import { createWorldPart, EXAMPLE_SEED } from '../world/world-part.js';

/** One leaf a template can name: its `{{path}}` and the value it had in a sample event. */
export interface ContextLeaf {
  path: string;
  value: string | number | boolean;
}

/**
 * What `{{...}}` can name for each event type of `version`, as leaves with sample values, from a
 * sandbox world (the same names the catalogue gives a template: src/catalogue/template-spec.ts).
 */
export function sampleLeaves(version: PayloadVersion): Map<EventType, ContextLeaf[]> {
  const part = createWorldPart({ accounts: [DEFAULT_ACCOUNT], settings: () => worldConfigSchema.parse({}), random: createRandom(EXAMPLE_SEED).fork('world'), now: () => 0 });
  const world = part.sandbox(2);
  const out = new Map<EventType, ContextLeaf[]>();
  for (const type of EXAMPLE_ORDER) {
    if (!eventTypesFor(version).includes(type)) continue;
    const h = world.happen(type, DEFAULT_ACCOUNT.apiKey, {}, version);
    const spec = builtInSpec(type, version);
    out.set(type, leaves(templateContext(h, spec ? spec.render(h) : {})));
  }
  return out;
}

function leaves(value: unknown, path = '', out: ContextLeaf[] = [], depth = 0): ContextLeaf[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (path !== '') out.push({ path, value });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 4) {
    for (const [k, v] of Object.entries(value)) leaves(v, path === '' ? k : `${path}.${k}`, out, depth + 1);
  }
  return out;
}
