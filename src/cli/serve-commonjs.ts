/**
 * The entry of the bin's CommonJS serve bundle, dist/bundle/serve.cjs (scripts/build-esm.ts;
 * src/cli/serve-loader.ts loads it with a V8 code cache on Node 20, decision 0046): `serve`, and
 * `startLean` of the bundle's own copy of lean-start, which holds V8's lean flags for it.
 */
export { serve } from './serve.js';
export { startLean } from './lean-start.js';
