/** Keys whose change means "a different kind of object": the object is replaced, not merged. */
const DISCRIMINATORS = ['distribution'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON merge patch (RFC 7386) with one extension: an object carrying a discriminator
 * (`distribution`) that differs from the target's replaces the target whole, so
 * `{"distribution":"fixed","ms":400}` then `{"distribution":"uniform","minMs":1,"maxMs":3}`
 * does not leave a stray `ms` behind. `null` removes a key (its default then applies).
 * Arrays replace. Neither argument is modified.
 *
 * @example
 *   mergePatch({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } }) // { a: { b: 1, d: 3 } }
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const base = isPlainObject(target) ? target : {};
  const replaced = DISCRIMINATORS.some((k) => k in patch && k in base && patch[k] !== base[k]);
  const result: Record<string, unknown> = replaced ? {} : { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}
