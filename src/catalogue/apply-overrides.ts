import type { z } from 'zod';
import { OverrideError } from './catalogue-errors.js';

type Json = Record<string, unknown>;

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep merge: objects merge key by key, anything else (arrays, numbers, null) replaces.
 *
 * @example deepMerge({ a: 1, b: { c: 2 } }, { b: { d: 3 } }) // { a: 1, b: { c: 2, d: 3 } }
 */
export function deepMerge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const current = Object.hasOwn(out, k) ? out[k] : undefined;
    // defineProperty, not out[k] = ...: a JSON key "__proto__" must stay a plain field, never a prototype.
    Object.defineProperty(out, k, { value: isPlainObject(v) && isPlainObject(current) ? deepMerge(current, v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Checks `overrides` against a payload item's schema before anything happens in the world, so a
 * bad override changes nothing: unknown fields and values of the wrong type name their field.
 */
export function checkOverrides(overrides: unknown, item: z.ZodObject, label: string): Json {
  if (!isPlainObject(overrides)) {
    throw new OverrideError('(root)', `overrides must be a JSON object of payload fields, e.g. {"customer_email":"a@example.com"}; got ${Array.isArray(overrides) ? 'an array' : typeof overrides}.`);
  }
  const shape = item.shape as Record<string, z.ZodType>;
  for (const [field, value] of Object.entries(overrides)) {
    // hasOwn: "constructor" or "__proto__" must not find Object.prototype's members.
    const fieldSchema = Object.hasOwn(shape, field) ? shape[field] : undefined;
    if (!fieldSchema) {
      throw new OverrideError(field, `"${field}" is not a field of ${label} payloads. Fields: ${Object.keys(shape).join(', ')}.`);
    }
    // A partial object for an object field is checked after the merge (validateMerged), where the whole value exists.
    if (isPlainObject(value) && fieldSchema.def.type === 'object') continue;
    const parsed = fieldSchema.safeParse(value);
    if (!parsed.success) throw new OverrideError(field, `Override "${field}" breaks the ${label} schema: ${parsed.error.issues[0]?.message ?? 'invalid value'} (got ${JSON.stringify(value)}).`);
  }
  return overrides;
}

/** Validates a merged item; the first problem becomes an OverrideError naming its field path. */
export function validateMerged(merged: Json, item: z.ZodObject, label: string): void {
  const parsed = item.safeParse(merged);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  throw new OverrideError(field, `Override "${field}" breaks the ${label} schema: ${issue.message}.`);
}
