import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { markArrival, sinceArrival } from './arrival.js';

const BUSY_MS = 15;

/** Holds the loop for `ms`: the work (routing, parsing) between a request's arrival and its handler. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** An app whose handler answers the ms since arrival, after BUSY_MS of work in a layer before it. */
async function elapsedAtHandler(mark: boolean): Promise<number> {
  const app = express();
  if (mark) app.use(markArrival());
  app.use((_req, _res, next) => (busy(BUSY_MS), next()));
  app.get('/', (_req, res) => {
    res.json({ elapsed: sinceArrival(res)() });
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const answer = await fetch(`http://127.0.0.1:${port}/`);
  return ((await answer.json()) as { elapsed: number }).elapsed;
}

describe('a request\'s arrival', () => {
  it('is noted by the first layer, so the time spent before the handler counts', async () => {
    expect(await elapsedAtHandler(true)).toBeGreaterThanOrEqual(BUSY_MS);
  });

  it('counts from the handler when the app was mounted without markArrival', async () => {
    const elapsed = await elapsedAtHandler(false);
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(BUSY_MS);
  });
});
