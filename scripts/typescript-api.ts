/**
 * TypeScript's compiler API for the checks (check-limits.ts, check-cycles.ts), loaded with
 * `require`: imported as an ES module, node first scans the 9 MB CommonJS file for its export names
 * (cjs-module-lexer), which costs ~0.5 s of CPU more per process (`node --input-type=module -e
 * "import ts from 'typescript'"` 0.9-1.0 s user, `node -e "require('typescript')"` 0.4-0.5 s; decision 0036).
 */
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';

export type { TypeScript };
export const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
