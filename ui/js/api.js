// @ts-check
/**
 * Every request the page makes. Requests to /_emulator carry the admin token when the emulator
 * asks for one: the first 401 asks the user once (one form, however many requests were refused),
 * the token is kept for this tab only (sessionStorage), and each refused request is sent again.
 */

import { routes, urlOf } from './contract.js';

const TOKEN_KEY = 'solarproof-mock.adminToken';

/** An error answer: `problem` is the problem+json body when there was one. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {Record<string, any>} [problem]
   */
  constructor(status, message, problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    /** @type {string | undefined} */
    this.field = typeof problem?.field === 'string' ? problem.field : undefined;
    /** @type {string[]} */
    this.problems = Array.isArray(problem?.problems) ? problem.problems.map(String) : [];
  }
}

/** @type {((refused: boolean) => Promise<string>) | undefined} */
let asker;
/** @type {Promise<string> | undefined} */
let asking;

/**
 * Sets how the page asks for the token (a form; see main.js). `refused` is true when a token
 * was sent and the emulator still answered 401.
 * @param {(refused: boolean) => Promise<string>} fn
 */
export function setTokenAsker(fn) {
  asker = fn;
}

export function currentToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} token */
function keepToken(token) {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage off (private mode settings): the token lives as long as this page instead.
  }
  memoryToken = token;
}
/** @type {string | undefined} */
let memoryToken;

/** @param {boolean} refused */
function askToken(refused) {
  if (!asker) return Promise.reject(new ApiError(401, 'The emulator wants an admin token.'));
  asking ??= asker(refused).then(
    (token) => {
      keepToken(token);
      asking = undefined;
      return token;
    },
    (e) => {
      asking = undefined;
      throw e;
    },
  );
  return asking;
}

/**
 * fetch() for this emulator only (same origin), with the admin token on /_emulator URLs and the
 * 401 flow above. Answers the Response (any status but 401).
 * @param {string} url a path on this origin, e.g. `/_emulator/stats`
 * @param {RequestInit} [init]
 */
export async function authFetch(url, init = {}) {
  const control = url.startsWith('/_emulator');
  for (let round = 0; ; round++) {
    const token = currentToken() ?? memoryToken;
    const headers = new Headers(init.headers);
    if (control && token) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(url, { ...init, headers, mode: 'same-origin', credentials: 'same-origin', cache: 'no-store' });
    if (res.status !== 401 || !control || round >= 5) return res;
    // Read the body so the connection is free; ask, then send the same request again.
    await res.text().catch(() => '');
    // A token that someone else already replaced while we waited is worth one more try first.
    const latest = currentToken() ?? memoryToken;
    if (latest && latest !== token) continue;
    await askToken(token !== undefined);
  }
}

/**
 * A JSON request; resolves with the parsed answer, rejects with ApiError on any non-2xx.
 * @param {string} url
 * @param {{ method?: string, body?: unknown }} [options]
 */
export async function api(url, options = {}) {
  /** @type {RequestInit} */
  const init = { method: options.method ?? 'GET', headers: { accept: 'application/json' } };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  const res = await authFetch(url, init);
  const text = await res.text();
  /** @type {any} */
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const detail = typeof json?.detail === 'string' ? json.detail : typeof json?.message === 'string' ? json.message : `${res.status} ${res.statusText}`.trim();
    throw new ApiError(res.status, detail, json && typeof json === 'object' ? json : undefined);
  }
  return json;
}

/**
 * A control route by name, as ui/js/contract.js (generated from the contract) names it: method and
 * path come from there, never from a string here. Resolves and rejects as `api` does.
 * @param {import('./contract.js').RouteName} name
 * @param {{ params?: Record<string, string | number>, query?: Record<string, string | number | boolean | undefined>, body?: unknown }} [input]
 */
export function call(name, input = {}) {
  return api(urlOf(name, input), { method: routes[name].method, ...(input.body !== undefined ? { body: input.body } : {}) });
}

/**
 * A Solar Proof call (`/apidata.php?action=...`), shown as Solar Proof answers it:
 * resolves with `{ ok, status, message }` for any JSON answer.
 * @param {string} action
 * @param {string} apiKey
 * @param {Record<string, unknown>} body
 */
export async function apidata(action, apiKey, body) {
  const url = `/apidata.php?action=${encodeURIComponent(action)}&api_key=${encodeURIComponent(apiKey)}`;
  const res = await fetch(url, { method: 'POST', mode: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  /** @type {any} */
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const message = typeof json?.message === 'string' ? json.message : text.slice(0, 200) || `${res.status}`;
  return { ok: res.ok && json?.success !== false, status: res.status, message };
}

/** The problems of an INVALID_CONFIG / INVALID_SCHEDULE answer as `[path, message]`. @param {string[]} problems */
export function problemPaths(problems) {
  return problems.map((p) => {
    const i = p.indexOf(': ');
    return /** @type {[string, string]} */ (i < 0 ? ['', p] : [p.slice(0, i), p.slice(i + 2)]);
  });
}
