import { readFileSync } from 'node:fs';

/** The package version; package.json sits two folders above src/core/ (and dist/core/, the URL the bundles give this module). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
