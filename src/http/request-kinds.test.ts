import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { requestKindsOf } from './request-kinds.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('requestKindsOf', () => {
  it("makes each request and response with the app's own prototypes before Express sees them, and Express answers as before", async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res.status(201).set('X-Seen', req.get('x-probe') ?? '').json({ query: req.query, body: req.body as unknown, path: req.path });
    });
    const seen: boolean[][] = [];
    server = createServer(requestKindsOf(app), app);
    // Before the app's own listener: what the server made, not what Express set.
    server.prependListener('request', (req, res) => {
      seen.push([
        Object.getPrototypeOf(req) === app.request,
        Object.getPrototypeOf(res) === app.response,
        req instanceof IncomingMessage,
        res instanceof ServerResponse,
      ]);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(`http://127.0.0.1:${port}/echo?a=${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-probe': `p${i}` },
        body: JSON.stringify({ n: i }),
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-seen')).toBe(`p${i}`);
      expect(await answer.json()).toEqual({ query: { a: String(i) }, body: { n: i }, path: '/echo' });
    }
    expect(seen).toEqual([
      [true, true, true, true],
      [true, true, true, true],
    ]);
  });
});
