/**
 * Input of the data actions read the way a PHP script reads it: query keys last-wins (`a=1&a=2`
 * is `2`; `a[]=` is an array, not a string), the body whatever the Content-Type (JSON, or a form
 * `data=<JSON>` / `data[field]=...`), and PHP's empty() for "is required". The readers take the
 * key as `keyof` the object they read, so a handler typed by its table entry (`QueryOf`,
 * `DataOf`) can only name documented parameters.
 */
import { EmulatorError } from '../core/errors.js';

/** A Solar Proof error answer of the data actions: `{"code", "message"}` with `status`. */
export function spError(code: string, message: string, status: number): EmulatorError {
  return new EmulatorError(code, message, { status });
}

export const invalid = (message: string): EmulatorError => spError('INVALID_PARAMETERS', message, 400);
export const missing = (field: string): EmulatorError => invalid(`Required field '${field}' is missing`);

/** PHP's empty(). */
export function isPhpEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === 0 || value === '' || value === '0' || (Array.isArray(value) && value.length === 0);
}

/** Query parameter `key`, last-wins; an array parameter (`key[]=`) reads as not a string. */
export function queryParam<Q extends object>(query: Q, key: keyof Q & string): string | undefined | 'array' {
  const value: unknown = query[key];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof last === 'string') return last;
  return last === undefined ? undefined : 'array';
}

/** A required query parameter: missing or empty is INVALID_PARAMETERS ("Required parameter ..."). */
export function requiredParam<Q extends object>(query: Q, key: keyof Q & string): string {
  const v = queryParam(query, key);
  if (v === 'array') throw invalid(`Invalid value for parameter '${key}': expected one value`);
  if (v === undefined || isPhpEmpty(v.trim())) throw invalid(`Required parameter '${key}' is missing`);
  return v.trim();
}

/** A positive integer id, from a number or a digit string; anything else is INVALID_PARAMETERS. */
export function positiveId(value: unknown, field: string, kind: 'field' | 'parameter' = 'field'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`Invalid value for ${kind} '${field}': expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `data` object of a write action's body: JSON `{"data": {...}}` (`data` may also be a JSON
 * string), or a form body with `data=<JSON>` or `data[field]=value` (PHP builds the array).
 */
export function readDataObject(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') throw missing('data');
  const formType = /application\/x-www-form-urlencoded/i.test(contentType ?? '');
  // JSON whatever the Content-Type (`curl -d '{...}'` says form-encoded), as a script reading
  // php://input does; a form body otherwise.
  let json: { ok: true; value: unknown } | { ok: false } = { ok: false };
  if (/^[[{"]/.test(text)) {
    try {
      json = { ok: true, value: JSON.parse(text) };
    } catch {
      if (!formType) throw invalid('Request body is not valid JSON');
    }
  }
  let data: unknown;
  if (!json.ok) {
    const params = new URLSearchParams(text);
    const fields: Record<string, string> = {};
    let encoded: string | undefined;
    for (const [key, value] of params) {
      const m = /^data\[([^\]]*)\]$/.exec(key);
      if (m) fields[m[1]!] = value;
      else if (key === 'data') encoded = value;
    }
    if (encoded !== undefined) data = parseDataJson(encoded);
    else if (Object.keys(fields).length > 0) data = fields;
    else throw missing('data');
  } else {
    const body = json.value;
    if (!isObject(body)) throw invalid("Request body must be a JSON object with a 'data' object");
    data = typeof body.data === 'string' ? parseDataJson(body.data) : body.data;
  }
  if (isPhpEmpty(data)) throw missing('data');
  if (!isObject(data)) throw invalid("Field 'data' must be a JSON object");
  return data;
}

function parseDataJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("Field 'data' is not valid JSON");
  }
}

/** An optional text field: a string (trimmed) or a number (as PHP would store it); other types are refused. */
export function optionalText<D extends object>(data: D, field: keyof D & string, label: string = field): string | undefined {
  const v: unknown = data[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw invalid(`Invalid value for field '${label}': expected a string, got ${JSON.stringify(v)}`);
}

/** A required text field (PHP empty() is missing). */
export function requiredText<D extends object>(data: D, field: keyof D & string, label: string = field): string {
  const v = optionalText(data, field, label);
  if (v === undefined || isPhpEmpty(v)) throw missing(label);
  return v;
}

/** 1/0, "1"/"0" or true/false. */
export function optionalFlag<D extends object>(data: D, field: keyof D & string): 0 | 1 | undefined {
  const v: unknown = data[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (v === 1 || v === '1' || v === true) return 1;
  if (v === 0 || v === '0' || v === false) return 0;
  throw invalid(`Invalid value for field '${field}': expected 1 or 0, got ${JSON.stringify(v)}`);
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export function checkEmail(value: string, field: string): string {
  if (!EMAIL.test(value)) throw invalid(`Invalid value for field '${field}': ${JSON.stringify(value)} is not an e-mail address`);
  return value;
}

export { isObject };
