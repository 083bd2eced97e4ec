/**
 * `npm run docs`: writes every generated reference (docs/reference/*.md) and the shipped schemas
 * (schema/openapi.json, schema/config.schema.json) from the code they describe.
 * test/docs/generated-docs.test.ts renders them in memory and fails when a committed copy is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocs } from './docs/render-docs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

for (const [path, content] of await renderDocs()) {
  const file = join(ROOT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${path}\n`);
}
