import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config/config-schema.js';
import { DEFAULT_API_KEY } from '../core/account.js';
import { ManualClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import { createDeliveryEngine } from './delivery-engine.js';
import type { Transport, TransportOutcome, TransportRequest } from './transport.js';
import { engineDeps } from '../../test/support/engine-deps.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const HOOK = 'http://127.0.0.1:9/hook';

/** Answers each request with the next scripted outcome (a 200 past the end); in-flight until `release`. */
function fakeTransport(clock: ManualClock, outcomes: Array<TransportOutcome | 'hang'>) {
  const sent: Array<{ at: number; request: TransportRequest }> = [];
  const transport: Transport = {
    send(request) {
      sent.push({ at: clock.now(), request });
      const next = outcomes[sent.length - 1] ?? { kind: 'response', status: 200, durationMs: 1, responseBody: 'ok' };
      let cancel = (): void => undefined;
      const result = new Promise<TransportOutcome>((resolve) => {
        if (next === 'hang') cancel = () => resolve({ kind: 'cancelled', durationMs: 0 });
        else resolve(next);
      });
      return { result, cancel: () => cancel() };
    },
    close: () => undefined,
  };
  return { transport, sent };
}

/**
 * The engine built from its declared deps alone: a manual clock, a fake transport, a seeded
 * random stream and a real subscription store. No emulator.
 */
function setup(config: ConfigInput, outcomes: Array<TransportOutcome | 'hang'> = [], seed = 1) {
  const clock = new ManualClock(START);
  const fake = fakeTransport(clock, outcomes);
  const { deps, subscriptions } = engineDeps(config, clock, fake.transport, seed);
  const engine = createDeliveryEngine(deps);
  subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
  const event: AccountEvent = {
    id: 'evt_1',
    type: 'customer_created',
    apiKey: DEFAULT_API_KEY,
    payloadVersion: 'v2',
    payload: { a: 1 },
    body: '{"a":1}',
    occurredAt: '2026-01-01T00:00:00.000Z',
    subject: { customerId: 1 },
  };
  return { clock, subscriptions, engine, sent: fake.sent, event };
}

const http = (status: number): TransportOutcome => ({ kind: 'response', status, durationMs: 1, responseBody: '' });

describe('delivery engine (manual clock, fake transport)', () => {
  it('retries exactly on the schedule, then records failed with every attempt', async () => {
    const { clock, engine, sent, event } = setup({ delivery: { retry: { schedule: [1000, 2000, 4000] } } }, [
      http(500),
      { kind: 'timeout', durationMs: 5000 },
      { kind: 'network', failure: 'connection_refused', error: 'refused', durationMs: 0 },
      http(503),
    ]);
    const [id] = engine.deliver(event);
    await clock.advance(10_000);
    expect(sent.map((s) => s.at - START)).toEqual([0, 1000, 3000, 7000]);
    const d = engine.get(id!)!;
    expect(d.state).toBe('failed');
    expect(d.attempts.map((a) => a.outcome)).toEqual(['http_error', 'timeout', 'connection_refused', 'http_error']);
    expect(engine.stats()).toMatchObject({ total: 1, pending: 0, failed: 1 });
  });

  it('adds the injected latency before every attempt and scales every wait by timeScale', async () => {
    const { clock, engine, sent, event } = setup(
      { timeScale: 0.5, delivery: { latency: { distribution: 'fixed', ms: 200 }, retry: { schedule: [1000] } } },
      [http(500)],
    );
    engine.deliver(event);
    await clock.advance(5000);
    expect(sent.map((s) => s.at - START)).toEqual([100, 100 + 600]);
    expect(engine.query({}).deliveries[0]!.attempts.map((a) => a.latencyMs)).toEqual([200, 200]);
  });

  it('cancels a delivery waiting for its retry when its hook URL is unsubscribed', async () => {
    const { clock, subscriptions, engine, sent, event } = setup({ delivery: { retry: { schedule: [1000] } } }, [http(500)]);
    const [id] = engine.deliver(event);
    await clock.advance(10);
    subscriptions.unsubscribe(DEFAULT_API_KEY, HOOK);
    await clock.advance(5000);
    expect(sent).toHaveLength(1);
    expect(engine.get(id!)).toMatchObject({ state: 'cancelled', cancelReason: 'unsubscribed' });
  });

  it('stops an attempt in flight on close and records it cancelled, never lost', async () => {
    const { clock, engine, event } = setup({}, ['hang']);
    const [id] = engine.deliver(event);
    await clock.advance(10);
    engine.close();
    const d = engine.get(id!)!;
    expect(d.state).toBe('cancelled');
    expect(d.attempts).toMatchObject([{ number: 1, outcome: 'cancelled' }]);
    expect(engine.deliver(event).map((x) => engine.get(x)!.state)).toEqual(['cancelled']);
  });

  it('sends a duplicated delivery twice with the same body; the first copy decides', async () => {
    const { clock, engine, sent, event } = setup({ delivery: { faults: { duplicate: 1 } } });
    const [id] = engine.deliver(event);
    await clock.advance(10);
    expect(sent.map((s) => s.request.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(engine.get(id!)!.attempts.map((a) => [a.number, a.fault])).toEqual([[1, undefined], [1, 'duplicate']]);
    expect(engine.get(id!)!.state).toBe('delivered');
  });

  it('makes the same fault decisions for the same seed, whatever the order of events', async () => {
    // Each delivery draws from its own stream (keyed by delivery id and attempt), so the order in
    // which events arrive, and what else happens in between, does not change any decision.
    const ids = Array.from({ length: 40 }, (_, i) => i);
    const decide = async (order: number[], seed = 1) => {
      const { clock, engine, event } = setup({ delivery: { faults: { drop: 0.5 }, retry: { schedule: [] } } }, [], seed);
      for (const i of order) engine.deliver({ ...event, id: `evt_${i}` });
      await clock.advance(10);
      // Decisions by delivery number (dlv_1 is the first created, whatever its event).
      return engine.query({}).deliveries.map((d) => `${d.id}=${d.state}`).join(',');
    };
    const forward = await decide(ids);
    expect(forward).toContain('dropped');
    expect(forward).toContain('delivered');
    expect(await decide([...ids].reverse())).toBe(forward);
    const shuffled = [...ids].sort((a, b) => ((a * 7919) % 41) - ((b * 7919) % 41));
    expect(shuffled).not.toEqual(ids);
    expect(await decide(shuffled)).toBe(forward);
    // And the decisions do come from the seed: another seed decides otherwise.
    expect(await decide(ids, 2)).not.toBe(forward);
  });

  it('records an answer measured past timeoutMs as a timeout, whatever the transport reported', async () => {
    const { clock, engine, event } = setup({ delivery: { timeoutMs: 5000, retry: { schedule: [] } } }, [
      { kind: 'response', status: 200, durationMs: 6005, responseBody: 'late' },
    ]);
    const [id] = engine.deliver(event);
    await clock.advance(10);
    const d = engine.get(id!)!;
    expect(d.state).toBe('failed');
    expect(d.attempts).toMatchObject([{ outcome: 'timeout', durationMs: 6005, status: 200 }]);
    expect(d.attempts[0]!.error).toContain('past timeoutMs 5000');
  });

  it('keeps an answer exactly at timeoutMs as delivered', async () => {
    const { clock, engine, event } = setup({ delivery: { timeoutMs: 5000 } }, [{ kind: 'response', status: 200, durationMs: 5000, responseBody: '' }]);
    const [id] = engine.deliver(event);
    await clock.advance(10);
    expect(engine.get(id!)!.state).toBe('delivered');
  });
});
