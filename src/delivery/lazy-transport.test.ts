import { describe, expect, it } from 'vitest';
import { lazyTransport } from './lazy-transport.js';
import type { Transport } from './transport.js';
import { sampleTransportRequest } from '../../test/support/transport-request.js';

const request = sampleTransportRequest;

function fake(): Transport & { sent: number; closed: number } {
  const t = {
    sent: 0,
    closed: 0,
    send: () => {
      t.sent++;
      return { result: Promise.resolve({ kind: 'response' as const, status: 200, durationMs: 1, responseBody: 'ok' }), cancel: () => undefined };
    },
    close: () => void t.closed++,
  };
  return t;
}

describe('lazyTransport', () => {
  it('loads once, on the first attempt, and sends every attempt through the loaded transport', async () => {
    const inner = fake();
    let loads = 0;
    const t = lazyTransport(async () => {
      loads++;
      return inner;
    });
    expect(loads).toBe(0);
    const [a, b] = [t.send(request), t.send(request)];
    expect(await a.result).toMatchObject({ kind: 'response', status: 200 });
    expect(await b.result).toMatchObject({ kind: 'response', status: 200 });
    expect(await t.send(request).result).toMatchObject({ kind: 'response' });
    expect({ loads, sent: inner.sent }).toEqual({ loads: 1, sent: 3 });
    t.close();
    expect(inner.closed).toBe(1);
  });

  it('answers cancelled without sending when cancelled before the load finished', async () => {
    const inner = fake();
    const t = lazyTransport(async () => inner);
    const h = t.send(request);
    h.cancel();
    expect(await h.result).toEqual({ kind: 'cancelled', durationMs: 0 });
    expect(inner.sent).toBe(0);
  });

  it('answers network_error, never a rejection, when the module fails to load', async () => {
    const t = lazyTransport(() => Promise.reject(new Error('no such module')));
    expect(await t.send(request).result).toMatchObject({ kind: 'network', failure: 'network_error', error: expect.stringContaining('no such module') });
  });

  it('closed while loading: the loaded transport is closed, not kept, and the next attempt loads anew', async () => {
    const inner = fake();
    let loads = 0;
    let loaded!: () => void;
    const gate = new Promise<void>((resolve) => (loaded = resolve));
    const t = lazyTransport(async () => {
      loads++;
      await gate;
      return inner;
    });
    const attempt = t.send(request);
    attempt.cancel();
    t.close();
    loaded();
    expect(await attempt.result).toMatchObject({ kind: 'cancelled' });
    await expect.poll(() => inner.closed).toBe(1);
    await t.send(request).result;
    expect(loads).toBe(2);
  });
});
