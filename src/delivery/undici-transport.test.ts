import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { shapeBody, type TransportRequest } from './transport.js';
import { createUndiciTransport } from './undici-transport.js';

/**
 * Attempts with different deadlines, started in any order, each time out at their own, never
 * earlier, and an attempt that is answered is not touched by a deadline that passes later.
 */
describe('undici transport deadlines', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('times out each attempt at its own timeoutMs, whatever the order they began', async () => {
    // /hang never answers; /ok answers at once.
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/ok') req.on('end', () => res.end('OK'));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = createUndiciTransport({ now: () => Date.now(), clock: systemClock });
    const request = (path: string, timeoutMs: number): TransportRequest => ({
      url: `${base}${path}`,
      ...shapeBody('{"a":1}', null, 0),
      userAgent: 'test',
      timeoutMs,
      rejectUnauthorized: true,
    });
    try {
      const plan: Array<[string, number]> = [['/hang', 600], ['/hang', 200], ['/ok', 200], ['/hang', 400], ['/hang', 200], ['/ok', 600]];
      const started = performance.now();
      const outcomes = await Promise.all(
        plan.map(async ([path, timeoutMs]) => {
          const outcome = await transport.send(request(path, timeoutMs)).result;
          return { path, timeoutMs, outcome, after: performance.now() - started };
        }),
      );
      for (const { path, timeoutMs, outcome, after } of outcomes) {
        if (path === '/ok') expect(outcome).toMatchObject({ kind: 'response', status: 200, responseBody: 'OK' });
        else {
          expect(outcome.kind).toBe('timeout');
          expect(outcome.durationMs).toBeGreaterThanOrEqual(timeoutMs);
          expect(after).toBeGreaterThanOrEqual(timeoutMs - 1);
        }
      }
    } finally {
      transport.close();
    }
  });
});
