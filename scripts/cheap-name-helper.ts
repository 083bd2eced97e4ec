import { readFileSync, writeFileSync } from 'node:fs';

/** esbuild's `keepNames` helper, as esbuild writes it in every bundle. */
const HELPER = 'var __name = (target, value) => __defProp(target, "name", { value, configurable: true });';
/** The same helper, which leaves a function that already has its name as it is. */
const CHEAP = 'var __name = (target, value) => target.name === value ? target : __defProp(target, "name", { value, configurable: true });';

/**
 * The helper as esbuild writes it with `minifyWhitespace` (the library's CommonJS bundle, decision
 * 0051), where most of the bundle is one line: the cheap one in as many characters (padded), so
 * that the columns after it, and the source map, hold.
 */
const HELPER_MINIFIED = 'var __name=(target,value)=>__defProp(target,"name",{value,configurable:true});';
const CHEAP_MINIFIED = 'var __name=(t,v)=>t.name===v?t:__defProp(t,"name",{value:v,configurable:!0});'.padEnd(HELPER_MINIFIED.length);

/**
 * Rewrites `keepNames`' `__name` helper in a built file so that it defines `name` only on a
 * function whose name differs (scripts/build-esm.ts and build-cjs.ts call it on each bundle;
 * decision 0047). The bundle calls `__name` on every function it keeps the name of, also each
 * time a named inner function is made: express's router makes `next` and `trimPrefix` for every
 * request and router, and defining `name` on each copy allocated ~7 KiB per trigger -> waitFor
 * round, for a name the function already had. A function made under another name (an arrow
 * given a name, a class esbuild renamed) still gets its name. Same line count: source maps hold.
 * Answers whether the file had the helper.
 */
export function cheapNameHelper(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  for (const [helper, cheap] of [[HELPER, CHEAP], [HELPER_MINIFIED, CHEAP_MINIFIED]] as const) {
    if (!text.includes(helper)) continue;
    writeFileSync(file, text.replace(helper, cheap));
    return true;
  }
  return false;
}

/** `cheapNameHelper` on a bundle that must hold the helper: the build fails if esbuild's text changed. */
export function requireCheapNameHelper(file: string): void {
  if (!cheapNameHelper(file)) throw new Error(`esbuild's __name helper was not found in ${file}: scripts/cheap-name-helper.ts expects its text`);
}
