import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * mime-types (express's, for `res.json`'s Content-Type, `req.is`, the dashboard's static files)
 * builds its extension and type maps when it loads: it parses mime-db's 2 500 entries and scores
 * every extension's candidates, ~12-20 ms of `import('solarproof-mock')`. The build runs that once
 * instead: the maps, the conflicts list and each type's charset (all `charset()` reads of the
 * database) are taken from the real module and written into the bundled copy of mime-types as
 * one JSON string (`JSON.parse('...')`, which V8 reads faster than the same object as code, and
 * with no file to find and require), which it reads instead of building them. Every function of
 * it then answers as the real one (its maps are the real module's own).
 *
 * Returns the bundled module's source.
 */
export function precomputedMimeTypes(indexFile: string): string {
  const dir = dirname(indexFile);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const req = createRequire(indexFile);
  const real = req(indexFile) as { types: Record<string, string>; extensions: Record<string, string[]>; _extensionConflicts: unknown[] };
  const db = req('mime-db') as Record<string, { charset?: string }>;
  const charsets = Object.fromEntries(Object.entries(db).flatMap(([type, m]) => (m.charset ? [[type, { charset: m.charset }]] : [])));
  const data = JSON.stringify({ db: charsets, types: real.types, extensions: real.extensions, conflicts: real._extensionConflicts });
  const replace = (text: string, from: string, to: string): string => {
    if (!text.includes(from)) throw new Error(`mime-types@${version} changed: "${from}" is not in ${indexFile}; update scripts/precomputed-mime-types.ts`);
    return text.replace(from, to);
  };
  let contents = readFileSync(indexFile, 'utf8');
  contents = replace(contents, "var db = require('mime-db')", `var precomputed = JSON.parse(${JSON.stringify(data)})\nvar db = precomputed.db`);
  contents = replace(
    contents,
    'populateMaps(exports.extensions, exports.types)',
    'Object.assign(exports.extensions, precomputed.extensions)\nObject.assign(exports.types, precomputed.types)\nexports._extensionConflicts.push(...precomputed.conflicts)',
  );
  return contents;
}
