import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEachTest } from '../support/cleanup.js';

/** Receivers for the receiver check's tests: a correct one, Solar Proof's docs example, and deliberately broken ones. */

const servers: Server[] = [];
async function closeServer(s: Server): Promise<void> {
  s.closeAllConnections();
  await new Promise<void>((resolve) => s.close(() => resolve()));
}
afterEachTest(async () => {
  for (const s of servers.splice(0)) await closeServer(s);
});

/**
 * Serves `app` on 127.0.0.1:0 until the test ends; resolves with its base URL. A concurrent test
 * passes its context's `onTestFinished` (an afterEach would close the servers of tests still running).
 */
export async function serve(app: Express, onTestFinished?: (fn: () => Promise<void>) => void): Promise<string> {
  const server = createServer(app);
  if (onTestFinished) onTestFinished(() => closeServer(server));
  else servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The README's receiver: express.json for any Content-Type, one route per type, 200 at once. */
export function correctReceiver(status = 200): Express {
  const app = express();
  app.post('/webhooks/solarproof/:type', express.json({ type: () => true }), (_req, res) => {
    res.sendStatus(status);
  });
  return app;
}

/** Solar Proof's docs example: no body parser, one URL for every type, 200 to everything. */
export function docsExampleReceiver(): Express {
  const app = express();
  app.post('/webhooks/solarproof', (req, res) => {
    void req.body; // undefined: nothing parsed the body
    res.sendStatus(200);
  });
  return app;
}

/** The correct receiver, but `broken` may answer instead (return true when it did). */
export function brokenReceiver(broken: (type: string, body: unknown, raw: string, res: express.Response) => boolean | Promise<boolean>): Express {
  const app = express();
  app.post('/webhooks/solarproof/:type', express.text({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    if (await broken(String(req.params.type), body, raw, res)) return;
    if (body === undefined) return void res.status(400).json({ error: 'not JSON' });
    res.sendStatus(200);
  });
  return app;
}

/** 500 to the v1 object form of customer_status_change (it expects the v2 array). */
export const v1StatusChange500 = brokenReceiver((type, body, _raw, res) => {
  if (type !== 'customer_status_change' || Array.isArray(body) || body === undefined) return false;
  res.status(500).send('TypeError: body.map is not a function');
  return true;
});

/** Slower than the deadline on one type. */
export const slowOnOneType = (type: string, ms: number) =>
  brokenReceiver(async (t, _body, _raw, res) => {
    if (t !== type) return false;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (!res.headersSent && !res.writableEnded) res.sendStatus(200);
    return true;
  });

/** 500 to a body it has seen before (a unique constraint on insert). */
export const duplicate500 = () => {
  const seen = new Set<string>();
  return brokenReceiver((_type, _body, raw, res) => {
    const hash = createHash('sha256').update(raw).digest('hex');
    if (!seen.has(hash)) {
      seen.add(hash);
      return false;
    }
    res.status(500).send('duplicate key value violates unique constraint "customers_pkey"');
    return true;
  });
};

/** JSON.parse without a try: a malformed body throws in the handler (Express answers 500). */
export const crashesOnMalformed = () => {
  const app = express();
  app.post('/webhooks/solarproof/:type', express.text({ type: () => true, limit: '1mb' }), (req, res) => {
    JSON.parse(String(req.body));
    res.sendStatus(200);
  });
  return app;
};
