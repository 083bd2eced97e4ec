/**
 * Regenerates fixtures/<type>.<version>.json from a fixed seed (`npm run fixtures`).
 * test/catalogue/fixtures.test.ts fails when a file here is stale or breaks its schema.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePayloads } from './fixture-payloads.js';

const dir = join(import.meta.dirname, '..', 'fixtures');
for (const [name, payload] of await fixturePayloads()) {
  writeFileSync(join(dir, name), `${JSON.stringify(payload, null, 2)}\n`);
  console.log(`wrote fixtures/${name}`);
}
