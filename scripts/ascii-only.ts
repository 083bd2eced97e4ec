import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Rewrites a built file as pure ASCII (scripts/build-esm.ts and build-cjs.ts call it on each
 * bundle). esbuild escapes non-ASCII characters in strings, regexes and names but keeps them in
 * the comments it keeps (an em dash and a yen sign in 1.6 MB): one such character makes Node read
 * the whole file as UTF-8 into a two-byte string, which V8 then scans and keeps (for
 * Function#toString) at twice the size; pure ASCII is read as one byte per character. Escaped
 * (`\u2014`), a comment reads the same, and a string or a regex would mean the same; a source
 * map's columns move only after the character, on its own line.
 */
export function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
