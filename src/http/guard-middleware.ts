import type { Request, RequestHandler, Response } from 'express';
import { sendProblem } from './problem.js';
import { bearerTokenMatches } from '../guard/bearer-token.js';
import { hostAllowed, isLoopbackHost } from '../guard/host-rules.js';
import { normaliseOrigin } from '../guard/origin.js';

export { normaliseOrigin };

/** The security settings the guard reads on every request (so config changes apply at once). */
export interface GuardSettings {
  /** Extra Host names accepted (config `allowedHosts`, `--allowed-host`, `SPMOCK_ALLOWED_HOSTS`). */
  allowedHosts: string[];
  /** Browser origins allowed to call the emulator, with CORS (config `allowedOrigins`). */
  allowedOrigins: string[];
  /** When set, `/_emulator/*` (but `GET /_emulator/health`) needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
}

/** What the guard needs from the emulator. */
export interface GuardDeps {
  settings(): GuardSettings;
  /** The configured listen host (`127.0.0.1`, `0.0.0.0`, ...); undefined is treated as loopback. */
  boundHost(): string | undefined;
}

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Last-Event-ID';
const MAX_AGE_SECONDS = '600';

/**
 * The security layer, mounted before anything else (before body parsing, so a refused request
 * changes nothing): the Host check (421 `FOREIGN_HOST`, against DNS rebinding), the Origin check
 * (403 `FOREIGN_ORIGIN`, against cross-site requests; CORS for `allowedOrigins` only, preflight
 * answered here), then the admin token for the control API (401 `UNAUTHORIZED`).
 *
 * @example app.use(createGuard({ settings: () => pickGuardSettings(config.get()), boundHost: () => config.get().host }));
 */
export function createGuard(deps: GuardDeps): RequestHandler {
  // What the settings imply, worked out once per settings (they are new arrays after a config
  // change): the allowed origins, and the verdict per Host header seen (at most 1 000 kept).
  let memo: { allowedHosts: readonly string[]; allowedOrigins: readonly string[]; boundHost: string | undefined; origins: Set<string>; hosts: Map<string, boolean> } | undefined;
  const implied = (settings: GuardSettings, boundHost: string | undefined) => {
    if (!memo || memo.allowedHosts !== settings.allowedHosts || memo.allowedOrigins !== settings.allowedOrigins || memo.boundHost !== boundHost) {
      const origins = new Set(settings.allowedOrigins.map(normaliseOrigin).filter((o) => o !== undefined));
      memo = { allowedHosts: settings.allowedHosts, allowedOrigins: settings.allowedOrigins, boundHost, origins, hosts: new Map() };
    }
    return memo;
  };
  const hostOk = (host: string | undefined, m: NonNullable<typeof memo>): boolean => {
    if (host === undefined) return hostAllowed(host, { allowedHosts: m.allowedHosts, boundHost: m.boundHost });
    let ok = m.hosts.get(host);
    if (ok === undefined) {
      ok = hostAllowed(host, { allowedHosts: m.allowedHosts, boundHost: m.boundHost });
      if (m.hosts.size >= 1000) m.hosts.clear();
      m.hosts.set(host, ok);
    }
    return ok;
  };
  return (req, res, next) => {
    const settings = deps.settings();
    const boundHost = deps.boundHost();
    const m = implied(settings, boundHost);
    const host = req.headers.host;
    if (!hostOk(host, m)) {
      return refuseHost(res, host ?? '', boundHost);
    }

    const allowedOrigins = m.origins;
    if (allowedOrigins.size > 0) res.vary('Origin');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const normalised = normaliseOrigin(origin);
      const listed = normalised !== undefined && allowedOrigins.has(normalised);
      if (!listed && (normalised === undefined || normalised !== ownOrigin(host, req.secure))) return refuseOrigin(res, origin, host);
      if (listed) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
          res.vary('Access-Control-Request-Method').vary('Access-Control-Request-Headers');
          res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
          res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
          res.setHeader('Access-Control-Max-Age', MAX_AGE_SECONDS);
          res.status(204).end();
          return;
        }
      }
    }

    if (settings.adminToken !== undefined && needsToken(req) && !bearerTokenMatches(req.headers.authorization, settings.adminToken)) {
      return refuseToken(res, req.headers.authorization !== undefined);
    }
    next();
  };
}

/** The emulator's own origin as seen by this request: `http://` (`https://` over TLS) + its (accepted) Host. */
function ownOrigin(host: string | undefined, secure: boolean): string | undefined {
  return host ? normaliseOrigin(`${secure ? 'https' : 'http'}://${host}`) : undefined;
}

/** Control API paths, matched as express would route them (case-insensitive, decoded, any trailing slash). */
function needsToken(req: Request): boolean {
  let path = req.path;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Undecodable: judged as written.
  }
  path = path.toLowerCase().replace(/\/{2,}/g, '/');
  if (path !== '/_emulator' && !path.startsWith('/_emulator/')) return false;
  const trimmed = path.replace(/\/+$/, '');
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  // Health stays open (Docker's HEALTHCHECK); the dashboard's own files too, so the page can load and ask for the token.
  if (readOnly && (trimmed === '/_emulator/health' || trimmed === '/_emulator/ui' || trimmed.startsWith('/_emulator/ui/'))) return false;
  return true;
}

function refuseHost(res: Response, host: string, bound: string | undefined): void {
  const name = host.replace(/:\d+$/, '') || host;
  const where = bound === undefined || isLoopbackHost(bound) ? `The emulator listens on ${bound ?? 'a loopback address'} and answers only loopback names (localhost, 127.0.0.1, [::1])` : 'allowedHosts is set, so only loopback names and the listed hosts are answered';
  sendProblem(
    res,
    421,
    'FOREIGN_HOST',
    `Host ${JSON.stringify(host)} is not a name of this emulator. ${where}. To allow it, add it to allowedHosts in the config file, pass --allowed-host ${name}, or set SPMOCK_ALLOWED_HOSTS=${name}.`,
    { host },
  );
}

function refuseOrigin(res: Response, origin: string, host: string | undefined): void {
  const own = ownOrigin(host, res.req.secure);
  sendProblem(
    res,
    403,
    'FOREIGN_ORIGIN',
    `Requests from the web page at origin ${JSON.stringify(origin)} are refused: a browser may call the emulator only from its own origin${own ? ` (${own})` : ''} or from an origin listed in allowedOrigins in the config file. Requests without an Origin header (curl, servers) are not affected.`,
    { origin },
  );
}

function refuseToken(res: Response, sent: boolean): void {
  res.setHeader('WWW-Authenticate', sent ? 'Bearer realm="solarproof-mock", error="invalid_token"' : 'Bearer realm="solarproof-mock"');
  sendProblem(
    res,
    401,
    'UNAUTHORIZED',
    `${sent ? 'The admin token sent is wrong' : 'This control API route needs the admin token'}: send "Authorization: Bearer <token>" with the token the emulator was started with (--admin-token, SPMOCK_ADMIN_TOKEN or adminToken in the config file). GET /_emulator/health needs none.`,
  );
}
