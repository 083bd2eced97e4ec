import { bodyBytes, headerValue, type Capture } from './capture-file.js';
import { fakeFor, type PersonalKind } from './fake-values.js';

/**
 * `record --redact`: personal data (names, e-mails, phones, street addresses, ABNs) in a capture
 * becomes seeded fakes of the same type, length and format, and everything else stays byte for
 * byte (field order, PHP-style `\/` escaping, whitespace). The fake depends only on the seed and
 * the original, so the same e-mail in two captures becomes the same fake.
 */

const EMAIL = /^[^\s@"]+@[^\s@"]+\.[A-Za-z]{2,}$/;
/** A person's or business's name: `*name` keys (not a nickname, a file, a status or a product), `surname`, `company_name_full`. */
const NAME_KEY = /(name|surname|company_name_full)$/;
const NOT_A_NAME = /(nick|file|status|type|product|panel|inverter|battery|retailer|template|event|action|host|quote)_?name$/;

/** What kind of personal data `value` under `key` is, if any. */
export function personalKind(key: string, value: string): PersonalKind | undefined {
  if (value.trim() === '') return undefined;
  const k = key.toLowerCase();
  if (EMAIL.test(value)) return 'email';
  if (/(^|_)abn$/.test(k) && value.replace(/\s/g, '').length === 11 && /^[\d\s]+$/.test(value)) return 'abn';
  if (/phone|mobile|(^|_)tel/.test(k) && (value.match(/\d/g)?.length ?? 0) >= 6) return 'phone';
  if (/address|street|suburb/.test(k)) return 'address';
  if (NAME_KEY.test(k) && !NOT_A_NAME.test(k)) return 'name';
  return undefined;
}

/** Every (original -> fake) in a JSON value, found by key and format, at any depth. */
export function collectPersonal(value: unknown, seed: number, into = new Map<string, string>(), key = ''): Map<string, string> {
  if (typeof value === 'string') {
    const kind = personalKind(key, value);
    if (kind && !into.has(value)) into.set(value, fakeFor(kind, value, seed));
  } else if (Array.isArray(value)) {
    for (const v of value) collectPersonal(v, seed, into, key);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) collectPersonal(v, seed, into, k);
  }
  return into;
}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * `text` with each original replaced by its fake: JSON string literals that decode to an
 * original are re-encoded in their own style (`\/` kept), then any other appearance (inside a
 * message text, a query, a non-JSON body) is replaced as a whole word.
 */
export function redactText(text: string, fakes: ReadonlyMap<string, string>): string {
  if (fakes.size === 0) return text;
  let out = text.replace(STRING_LITERAL, (literal) => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(literal);
    } catch {
      return literal;
    }
    const fake = typeof decoded === 'string' ? fakes.get(decoded) : undefined;
    if (fake === undefined) return literal;
    let encoded = JSON.stringify(fake);
    if (literal.includes('\\/')) encoded = encoded.replace(/\//g, '\\/');
    if (/\\u[0-9a-fA-F]{4}/.test(literal)) encoded = encoded.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return encoded;
  });
  // Longest first, so "Ana Smith" goes before "Ana".
  for (const [original, fake] of [...fakes].sort((a, b) => b[0].length - a[0].length)) {
    for (const [from, to] of spellings(original, fake)) {
      if (!out.includes(from)) continue;
      out = out.replace(new RegExp(`(?<![\\w@.])${escapeRegExp(from)}(?![\\w@])`, 'g'), () => to);
    }
  }
  return out;
}

/** The ways an original can appear in a raw body or query: as is, JSON-escaped, PHP-escaped, URL-encoded. */
function spellings(original: string, fake: string): Array<[string, string]> {
  const json = (s: string): string => JSON.stringify(s).slice(1, -1);
  const php = (s: string): string => json(s).replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const pairs: Array<[string, string]> = [
    [original, fake],
    [json(original), json(fake)],
    [php(original), php(fake)],
    [encodeURIComponent(original), encodeURIComponent(fake)],
    [encodeURIComponent(original).replace(/%20/g, '+'), encodeURIComponent(fake).replace(/%20/g, '+')],
  ];
  return pairs.filter(([from], i) => pairs.findIndex(([f]) => f === from) === i);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The JSON in a capture's body (and its answer's), for finding what to redact. */
function parsedBodies(c: Capture): unknown[] {
  const out: unknown[] = [];
  const tryParse = (text: string): void => {
    try {
      out.push(JSON.parse(text));
    } catch {
      // not JSON: only what the JSON bodies named is replaced in it
    }
  };
  if (c.bodyEncoding === undefined) tryParse(c.body);
  if (c.answer && 'body' in c.answer) tryParse(c.answer.body);
  return out;
}

/**
 * Redacts a file's captures together: personal data found in any capture is replaced in all of
 * them (bodies, queries, answers), so the file stays consistent. Headers are kept but for a
 * Content-Length, which still matches (fakes keep byte lengths of ASCII originals).
 *
 * @example redactCaptures(captures, 7)[0].body // the same JSON with fake names, e-mails, phones...
 */
export function redactCaptures(captures: readonly Capture[], seed: number): Capture[] {
  const fakes = new Map<string, string>();
  for (const c of captures) for (const v of parsedBodies(c)) collectPersonal(v, seed, fakes);
  return captures.map((c) => redactCapture(c, fakes));
}

/** One capture with `fakes` applied (the relay redacts each capture as it arrives). */
export function redactCapture(c: Capture, fakes: ReadonlyMap<string, string>): Capture {
  const out: Capture = { ...c, query: redactText(c.query, fakes), redacted: true };
  if (c.bodyEncoding === undefined) {
    out.body = redactText(c.body, fakes);
    const length = headerValue(c.headers, 'content-length');
    if (length !== undefined) {
      const bytes = String(bodyBytes(out).length);
      out.headers = c.headers.map(([k, v]) => [k, k.toLowerCase() === 'content-length' ? bytes : v]);
    }
  }
  if (c.answer && 'body' in c.answer) out.answer = { ...c.answer, body: redactText(c.answer.body, fakes) };
  return out;
}

/** The fakes one capture needs (its own personal data), for redacting as it arrives. */
export function capturePersonal(c: Capture, seed: number, into = new Map<string, string>()): Map<string, string> {
  for (const v of parsedBodies(c)) collectPersonal(v, seed, into);
  return into;
}
