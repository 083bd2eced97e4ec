import { stdSerializers, type LoggerOptions } from 'pino';

/** What a secret is replaced with. */
export const MASK = '***';

/** Fields whose whole value is a secret (header names and config keys), case-insensitive. */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[_-]?key|admin[_-]?token|token|access[_-]?token|password|secret)$/i;
/** Fields that hold API keys: shown as their first and last few characters (`k_s…31`), so keys can be told apart. */
const KEY_FIELD = /^api[_-]?keys?$/i;
/** Query parameters whose value is a secret in a request path (`/apidata.php?action=x&api_key=***`). */
const SECRET_PARAM = /^(api[_-]?key|key|token|access[_-]?token|auth|secret|client[_-]?secret|password|passwd|sig|signature)$/i;
// Bounded scheme length and separators excluded from names: linear time on long log strings.
const ABSOLUTE_URL = /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>]+/gi;
const QUERY_PARAM = /([?&;])([^=&;#\s"'?]+)=([^&;#\s"']*)/g;
const CREDENTIALS = /\b(Bearer\s+[A-Za-z0-9._~+/=-]+|Basic\s+[A-Za-z0-9+/=]{8,})/g;

/**
 * An API key fit for a log line: its first three and last two characters, or only the mask when
 * the key is too short for that to hide most of it.
 *
 * @example maskKey('k_secret_live_7731') // 'k_s…31'
 */
export function maskKey(key: string): string {
  return key.length >= 12 ? `${key.slice(0, 3)}…${key.slice(-2)}` : MASK;
}

/**
 * A URL fit for a log line: every query-string value and the fragment masked, userinfo masked;
 * the rest as written. Not a URL: returned unchanged.
 *
 * @example redactUrl('https://user:pw@hooks.example.com/in?token=abc&v=2') // 'https://***:***@hooks.example.com/in?token=***&v=***'
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return url;
  const [, scheme, authority = '', path = '', query, fragment] = m;
  const at = authority.lastIndexOf('@');
  let host = authority;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    host = `${userinfo.includes(':') ? `${MASK}:${MASK}` : MASK}@${authority.slice(at + 1)}`;
  }
  const maskedQuery = query === undefined ? '' : query.replace(/([?&;][^=&;]*=)[^&;]*/g, `$1${MASK}`);
  return `${scheme}${host}${path}${maskedQuery}${fragment === undefined ? '' : `#${MASK}`}`;
}

/**
 * Masks secrets inside free text (log messages, request paths, error messages): absolute URLs
 * as `redactUrl` does; in other query strings the values of secret-named parameters (`api_key`,
 * `token`, ...) and of parameters holding an encoded URL; `Bearer`/`Basic` credentials.
 *
 * @example maskText('/apidata.php?action=subscribe_customer&api_key=sp_live_1') // '/apidata.php?action=subscribe_customer&api_key=***'
 */
export function maskText(text: string): string {
  return text
    .replace(ABSOLUTE_URL, (url) => redactUrl(url))
    .replace(QUERY_PARAM, (all, sep: string, name: string, value: string) => {
      if (value === MASK || value === '') return all;
      // The server decodes the name (`api%5Fkey` is `api_key`), so the test does too.
      if (SECRET_PARAM.test(safeDecode(name) ?? name)) return `${sep}${name}=${MASK}`;
      const decoded = safeDecode(value);
      if (decoded !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(decoded)) return `${sep}${name}=${encodeURIComponent(redactUrl(decoded))}`;
      return all;
    })
    .replace(CREDENTIALS, (c) => `${c.split(/\s/)[0]} ${MASK}`);
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * A copy of a log record with every secret masked: secret-named fields (`authorization`,
 * `api_key`, `adminToken`, ...) wholly, every other string through `maskText` (hook URLs, request
 * paths, error messages); errors serialised as pino does first. Plain objects and arrays are
 * walked; other objects (Date, Buffer) are kept as they are.
 *
 * @example maskSecrets({ hookUrl: 'https://h.example/x?token=abc', headers: { authorization: 'Bearer t' } })
 *   // { hookUrl: 'https://h.example/x?token=***', headers: { authorization: '***' } }
 */
export function maskSecrets(value: unknown): unknown {
  return mask(value, 0, new Map());
}

/** `copies` maps each walked object to its masked copy: a shared or circular reference reuses it. */
function mask(value: unknown, depth: number, copies: Map<object, unknown>): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value !== 'object' || value === null) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (depth > 12) return '[too deep]';
  // pino's serialised error has its own prototype; copied to a plain object so it is walked.
  if (value instanceof Error) return mask({ ...stdSerializers.err(value) }, depth + 1, copies);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const v of value) out.push(mask(v, depth + 1, copies));
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const [key, v] of Object.entries(value)) {
    if (KEY_FIELD.test(key) && (typeof v === 'string' || Array.isArray(v))) {
      out[key] = typeof v === 'string' ? maskKey(v) : v.map((k) => (typeof k === 'string' ? maskKey(k) : MASK));
      continue;
    }
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? MASK : mask(v, depth + 1, copies);
  }
  return out;
}

/** Keys masked by pino's own `redact` too, which (unlike `formatters.bindings`) also reaches child-logger bindings. */
const REDACT_PATHS = ['hookUrl', 'url', 'authorization', 'apiKey', 'api_key', 'adminToken', 'token', 'headers.authorization', 'headers.cookie', 'req.url', 'req.headers.authorization', 'req.headers.cookie'];

/**
 * pino options that mask every record before it is written, so both `json` and `pretty` output
 * (the pretty stream formats pino's JSON) are masked: `formatters.log` masks the merged object
 * (and `formatters.bindings` the base bindings), `serializers.err` errors, `hooks.logMethod` the
 * message and its interpolation arguments (and the message pino takes from a logged error), and
 * `redact` the well-known keys in child-logger bindings, which pino formats without
 * `formatters.bindings`. Spread into the pino options: `pino({ level, ...logRedaction }, dest)`.
 */
export const logRedaction = {
  formatters: {
    log: (object: Record<string, unknown>) => maskSecrets(object) as Record<string, unknown>,
    bindings: (bindings: Record<string, unknown>) => maskSecrets(bindings) as Record<string, unknown>,
  },
  serializers: {
    err: (err: unknown) => (err instanceof Error ? maskSecrets(err) : err),
  },
  redact: {
    paths: REDACT_PATHS,
    censor: (value: unknown, path: string[]) => (SECRET_KEY.test(path[path.length - 1] ?? '') ? MASK : maskSecrets(value)),
  },
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
      const masked = args.map((a, i) => (i === 0 && typeof a === 'object' ? a : maskSecrets(a)));
      // logger.error(err) / logger.warn({ err }): pino would take the message from the error, unmasked.
      const first = args[0];
      const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
      if (args.length === 1 && err instanceof Error) masked.push(maskText(err.message));
      return method.apply(this, masked);
    },
  },
} satisfies Pick<LoggerOptions, 'formatters' | 'hooks' | 'serializers' | 'redact'>;
