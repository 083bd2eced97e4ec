/**
 * The entry of the library's CommonJS bundle, dist/bundle/index.cjs (scripts/build-esm.ts): what
 * dist/index.js loads with a V8 code cache on a Node without a compile cache (src/library-loader.ts,
 * decision 0051). Everything `import('solarproof-mock')` offers, and the
 * `solarproof-mock/testcontainers` entry's module from this same bundle, loaded when that entry is
 * imported (testcontainers is an optional peer dependency), so that both entries hand out one copy
 * of the client and its error classes (`instanceof` holds across them).
 */
export * from './index.js';
export const testcontainersEntry = () => import('./testcontainers/index.js');
