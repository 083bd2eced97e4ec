import type { z } from 'zod';
import { OverrideError } from '../core/errors.js';
import { FORBIDDEN_KEYS, forbiddenKeyPath, MAX_JSON_DEPTH, nestsDeeperThan, preview } from '../core/json-limits.js';

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
 * bad override changes nothing: unknown fields and values of the wrong type name their field, at
 * any depth (a partial object for an object field, as in a templated payload, is checked key by key).
 */
export function checkOverrides(overrides: unknown, item: z.ZodObject, label: string): Json {
  if (!isPlainObject(overrides)) {
    throw new OverrideError('(root)', `overrides must be a JSON object of payload fields, e.g. {"customer_email":"a@example.com"}; got ${Array.isArray(overrides) ? 'an array' : typeof overrides}.`);
  }
  if (nestsDeeperThan(overrides)) throw new OverrideError('(root)', `overrides nest deeper than ${MAX_JSON_DEPTH} levels; payload fields are never that deep.`);
  const forbidden = forbiddenKeyPath(overrides);
  if (forbidden !== undefined) throw new OverrideError(forbidden, `"${forbidden}": the keys ${FORBIDDEN_KEYS.join(', ')} are refused in overrides.`);
  checkFields(overrides, item, label, '');
  return overrides;
}

function checkFields(overrides: Json, schema: z.ZodObject, label: string, prefix: string): void {
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(overrides)) {
    const field = prefix + key;
    // hasOwn: "constructor" or "__proto__" must not find Object.prototype's members.
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!fieldSchema) {
      // A loose object (catchall unknown) takes any extra key; strict payload objects do not.
      const catchall = (schema.def as { catchall?: z.ZodType }).catchall;
      if (catchall !== undefined && catchall.def.type !== 'never') continue;
      const where = prefix === '' ? `${label} payloads` : `"${prefix.slice(0, -1)}" in ${label} payloads`;
      throw new OverrideError(field, `"${field}" is not a field of ${where}. Fields: ${Object.keys(shape).join(', ')}.`);
    }
    if (isPlainObject(value) && fieldSchema.def.type === 'object') {
      checkFields(value, fieldSchema as z.ZodObject, label, `${field}.`);
      continue;
    }
    const parsed = fieldSchema.safeParse(value);
    if (!parsed.success) throw new OverrideError(field, `Override "${field}" breaks the ${label} schema: ${parsed.error.issues[0]?.message ?? 'invalid value'} (got ${preview(value)}).`);
  }
}

/** Validates a merged item; the first problem becomes an OverrideError naming its field path. */
export function validateMerged(merged: Json, item: z.ZodObject, label: string): void {
  const parsed = item.safeParse(merged);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  throw new OverrideError(field, `Override "${field}" breaks the ${label} schema: ${issue.message}.`);
}
