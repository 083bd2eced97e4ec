import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventTypesFor, PAYLOAD_VERSIONS } from '../../src/core/event-types.js';
import { fixtureName, fixturePayloads } from '../../scripts/fixture-payloads.js';
import { catalogueEmulator } from './catalogue-harness.js';
import { realismProblems } from './realism-rules.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures');
const emu = catalogueEmulator(1);
afterAll(() => emu.close());

const pairs = PAYLOAD_VERSIONS.flatMap((version) => eventTypesFor(version).map((type) => [type, version] as const));

describe('fixtures/', () => {
  it.each(pairs)('%s.%s.json conforms to its schema and the realism rules', (type, version) => {
    const payload: unknown = JSON.parse(readFileSync(join(dir, fixtureName(type, version)), 'utf8'));
    const parsed = emu.catalogue.schemaFor(type, version)!.safeParse(payload);
    expect(parsed.success, parsed.error?.message).toBe(true);
    for (const item of Array.isArray(payload) ? payload : [payload]) expect(realismProblems(item, version)).toEqual([]);
  });

  it('are what `npm run fixtures` makes today (regenerate them when a payload changes)', async () => {
    const fresh = await fixturePayloads();
    expect(fresh.size).toBe(pairs.length);
    for (const [name, payload] of fresh) {
      expect(JSON.parse(readFileSync(join(dir, name), 'utf8')), `fixtures/${name} is stale: run npm run fixtures`).toEqual(payload);
    }
  });
});
