import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Response, type Router } from 'express';
import { sendProblem } from './problem.js';

/** What the dashboard needs: where its files are (the `ui/` folder of the package). */
export interface DashboardDeps {
  assetsDir: string;
}

/**
 * The page loads only its own files: no inline script or style, no other origin, no framing.
 * Receiver answers and payloads are hostile data; the page shows them as text, and this policy
 * is the second line of defence should a bug ever render one as HTML.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * `ui/` beside `src/` and `dist/`: this module is src/http/dashboard.ts under tsx, two levels below
 * the root; the bundles (scripts/build-esm.ts, build-cjs.ts) give it the URL of dist/http/dashboard.js.
 */
export const DASHBOARD_ASSETS_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));

function secure(res: Response): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Serves the dashboard's static files under its mount point (`/_emulator/ui`).
 *
 * @example app.use('/_emulator/ui', dashboardRouter({ assetsDir: DASHBOARD_ASSETS_DIR }));
 */
export function dashboardRouter(deps: DashboardDeps): Router {
  // Made once, when the emulator is wired: the page's header shows the uptime from it.
  const startedAt = new Date().toISOString();
  const router = express.Router();
  router.use((req, res, next) => {
    secure(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendProblem(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on the dashboard's files; use GET.`);
    }
    // Mounted at /_emulator/ui, the bare mount point has req.path "/": relative asset URLs need the slash.
    const [pathname = '', query] = req.originalUrl.split('?', 2);
    if (req.path === '/' && !pathname.endsWith('/')) {
      return res.redirect(302, `${pathname}/${query === undefined ? '' : `?${query}`}`);
    }
    next();
  });
  router.get('/status.json', (_req, res) => {
    res.json({ startedAt });
  });
  router.use(
    express.static(deps.assetsDir, {
      index: 'index.html',
      redirect: false,
      dotfiles: 'ignore',
      cacheControl: false,
      etag: false,
      lastModified: false,
      fallthrough: true,
    }),
  );
  router.use((req, res) => {
    sendProblem(res, 404, 'NOT_FOUND', `No dashboard file /_emulator/ui${req.path}. The dashboard is at /_emulator/ui/.`);
  });
  return router;
}

/** `GET /` from a browser (Accept: text/html) goes to the dashboard; other clients fall through. */
export function htmlRootRedirect(): RequestHandler {
  return (req, res, next) => {
    const accept = req.get('accept') ?? '';
    if (req.path !== '/' || !/\btext\/html\b/i.test(accept)) return next();
    res.redirect(302, '/_emulator/ui/');
  };
}
