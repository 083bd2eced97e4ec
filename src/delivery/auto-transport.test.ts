import { describe, expect, it } from 'vitest';
import { autoTransport } from './auto-transport.js';
import type { Transport, TransportOutcome } from './transport.js';
import { sampleTransportRequest } from '../../test/support/transport-request.js';

const request = sampleTransportRequest;
const ok: TransportOutcome = { kind: 'response', status: 200, durationMs: 0, responseBody: '' };

/** A transport that answers at once (or, while `hold`, keeps its answers until `release()`), and counts. */
function fakeTransport(hold = false): Transport & { sent: number; closed: number; hold: boolean; release(): void; releaseFirst(): void } {
  const waiting: Array<() => void> = [];
  const t = {
    sent: 0,
    closed: 0,
    hold,
    send: () => {
      t.sent++;
      const result = t.hold ? new Promise<TransportOutcome>((r) => waiting.push(() => r(ok))) : Promise.resolve(ok);
      return { result, cancel: () => undefined };
    },
    close: () => void t.closed++,
    release: () => waiting.splice(0).forEach((f) => f()),
    releaseFirst: () => waiting.shift()?.(),
  };
  return t;
}

/** `n` attempts through `auto`, each started while the one before it is still in flight on `light` (two at once at most). */
async function chained(auto: Transport, light: ReturnType<typeof fakeTransport>, n: number): Promise<void> {
  light.hold = true;
  let before: Promise<TransportOutcome> | undefined;
  for (let i = 0; i < n; i++) {
    const result = auto.send(request).result;
    if (before) {
      light.releaseFirst();
      await before;
    }
    before = result;
  }
  light.hold = false;
  light.release();
  await before;
}

const limits = { windowMs: 1000, perWindow: 5, inFlight: 3 };

describe('autoTransport', () => {
  it('sends through light at a low rate, and never loads heavy', async () => {
    const light = fakeTransport();
    let loads = 0;
    let now = 0;
    const auto = autoTransport({ light, loadHeavy: async () => (loads++, fakeTransport()), now: () => now, limits });
    for (let i = 0; i < 20; i++, now += 300) expect(await auto.send(request).result).toEqual(ok);
    expect(light.sent).toBe(20);
    expect(loads).toBe(0);
  });

  it('never calls a sequence a burst, however quick: each attempt answered before the next starts (a trigger -> waitFor loop)', async () => {
    const light = fakeTransport();
    let loads = 0;
    const auto = autoTransport({ light, loadHeavy: async () => (loads++, fakeTransport()), now: () => 0, limits });
    for (let i = 0; i < 1000; i++) await auto.send(request).result;
    expect(light.sent).toBe(1000);
    expect(loads).toBe(0);
  });

  it('loads heavy once a burst is seen, keeps sending through light while it loads, then through heavy', async () => {
    const light = fakeTransport();
    const heavy = fakeTransport();
    let loads = 0;
    let finishLoad!: () => void;
    const warmed: Transport[] = [];
    const auto = autoTransport({
      light,
      loadHeavy: () => (loads++, new Promise<Transport>((r) => (finishLoad = () => r(heavy)))),
      warmUp: (t) => warmed.push(t),
      now: () => 0,
      limits,
    });
    await chained(auto, light, 5);
    expect(loads).toBe(0); // the first of a chain overlaps nothing: 4 counted
    await chained(auto, light, 2);
    expect(loads).toBe(1);
    expect(light.sent).toBe(7);
    finishLoad();
    await new Promise((r) => setImmediate(r));
    expect(warmed).toEqual([heavy]);
    await auto.send(request).result;
    expect(heavy.sent).toBe(1);
    expect(light.sent).toBe(7);
  });

  it('calls attempts in flight at once a burst', async () => {
    const light = fakeTransport(true);
    let loads = 0;
    const auto = autoTransport({ light, loadHeavy: async () => (loads++, fakeTransport()), now: () => 0, limits: { ...limits, perWindow: 1000 } });
    auto.send(request);
    auto.send(request);
    expect(loads).toBe(0);
    auto.send(request);
    expect(loads).toBe(1);
    light.release();
  });

  it('keeps sending through light when heavy fails to load', async () => {
    const light = fakeTransport();
    const auto = autoTransport({ light, loadHeavy: () => Promise.reject(new Error('no undici')), now: () => 0, limits });
    await chained(auto, light, 10);
    expect(await auto.send(request).result).toEqual(ok);
    expect(light.sent).toBe(11);
  });

  it('close() closes both and starts again with light', async () => {
    const light = fakeTransport();
    const heavy = fakeTransport();
    const auto = autoTransport({ light, loadHeavy: async () => heavy, now: () => 0, limits });
    await chained(auto, light, 6);
    await new Promise((r) => setImmediate(r));
    auto.close();
    expect([light.closed, heavy.closed]).toEqual([1, 1]);
    await auto.send(request).result;
    expect(light.sent).toBe(7);
  });

  it('does not keep a heavy transport that finished loading after close()', async () => {
    const light = fakeTransport();
    const heavy = fakeTransport();
    let finishLoad!: () => void;
    const auto = autoTransport({ light, loadHeavy: () => new Promise<Transport>((r) => (finishLoad = () => r(heavy))), now: () => 0, limits });
    await chained(auto, light, 6);
    auto.close();
    finishLoad();
    await new Promise((r) => setImmediate(r));
    expect(heavy.closed).toBe(1);
    await auto.send(request).result;
    expect(heavy.sent).toBe(0);
  });
});
