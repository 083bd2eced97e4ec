/**
 * `payloadStyle: "php"`: a payload as PHP's `json_encode` of database rows writes it. MySQL
 * drivers hand every column to PHP as a string, so every number becomes a string (`79460` ->
 * `"79460"`, `15750.5` -> `"15750.5"`); `null` and booleans stay; and json_encode escapes `/` as
 * `\/` and non-ASCII as `\uXXXX` by default. A strictly typed receiver can be tested against both.
 */
export function phpValues(value: unknown, keepNumbers = false): unknown {
  if (typeof value === 'number') return keepNumbers ? value : String(value);
  if (Array.isArray(value)) return value.map((v) => phpValues(v, keepNumbers));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = phpValues(v, keepNumbers);
    return out;
  }
  return value;
}

/**
 * True for the payloads whose numbers Solar Proof documents as integers (customer_created v1 and
 * v2: `141472`, `0`, `1` in the docs' example): the php style keeps them numbers and only escapes.
 */
export function phpKeepsIntegers(type: string): boolean {
  return type === 'customer_created';
}

/** json_encode's default escaping of a JSON text (shared with the data API: src/core/php-json.ts). */
export { phpJsonEncode } from '../core/php-json.js';
