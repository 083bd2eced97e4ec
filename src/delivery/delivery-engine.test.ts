import { describe, expect, it } from 'vitest';
import { configSchema, DEFAULT_API_KEY, type ConfigInput } from '../config/config-schema.js';
import { ManualClock } from '../core/clock.js';
import { createEmulator } from '../emulator.js';
import type { EmittedEvent } from '../events/event.js';
import { createDeliveryEngine } from './delivery-engine.js';
import type { Transport, TransportOutcome, TransportRequest } from './transport.js';

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

function setup(config: ConfigInput, outcomes: Array<TransportOutcome | 'hang'> = []) {
  const clock = new ManualClock(START);
  const emu = createEmulator({ ...configSchema.parse({ logLevel: 'silent', ...config }), seed: 1 }, { clock });
  const fake = fakeTransport(clock, outcomes);
  const engine = createDeliveryEngine(emu, { transport: fake.transport });
  emu.subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
  const event: EmittedEvent = {
    id: 'evt_1',
    type: 'customer_created',
    apiKey: DEFAULT_API_KEY,
    payloadVersion: 'v2',
    payload: { a: 1 },
    body: '{"a":1}',
    occurredAt: '2026-01-01T00:00:00.000Z',
    subject: { customerId: 1 },
  };
  return { clock, emu, engine, sent: fake.sent, event };
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
    const [id] = engine.dispatch(event);
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
    engine.dispatch(event);
    await clock.advance(5000);
    expect(sent.map((s) => s.at - START)).toEqual([100, 100 + 600]);
    expect(engine.query({}).deliveries[0]!.attempts.map((a) => a.latencyMs)).toEqual([200, 200]);
  });

  it('cancels a delivery waiting for its retry when its hook URL is unsubscribed', async () => {
    const { clock, emu, engine, sent, event } = setup({ delivery: { retry: { schedule: [1000] } } }, [http(500)]);
    const [id] = engine.dispatch(event);
    await clock.advance(10);
    emu.subscriptions.unsubscribe(DEFAULT_API_KEY, HOOK);
    await clock.advance(5000);
    expect(sent).toHaveLength(1);
    expect(engine.get(id!)).toMatchObject({ state: 'cancelled', cancelReason: 'unsubscribed' });
  });

  it('stops an attempt in flight on close and records it cancelled, never lost', async () => {
    const { clock, emu, engine, event } = setup({}, ['hang']);
    const [id] = engine.dispatch(event);
    await clock.advance(10);
    await emu.close();
    const d = engine.get(id!)!;
    expect(d.state).toBe('cancelled');
    expect(d.attempts).toMatchObject([{ number: 1, outcome: 'cancelled' }]);
    expect(engine.dispatch(event).map((x) => engine.get(x)!.state)).toEqual(['cancelled']);
  });

  it('sends a duplicated delivery twice with the same body; the first copy decides', async () => {
    const { clock, engine, sent, event } = setup({ delivery: { faults: { duplicate: 1 } } });
    const [id] = engine.dispatch(event);
    await clock.advance(10);
    expect(sent.map((s) => s.request.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(engine.get(id!)!.attempts.map((a) => [a.number, a.fault])).toEqual([[1, undefined], [1, 'duplicate']]);
    expect(engine.get(id!)!.state).toBe('delivered');
  });

  it('makes the same fault decisions for the same seed, whatever the order of events', async () => {
    const decide = async () => {
      const { clock, engine, event } = setup({ delivery: { faults: { drop: 0.5 }, retry: { schedule: [] } } });
      for (let i = 0; i < 40; i++) engine.dispatch({ ...event, id: `evt_${i}` });
      await clock.advance(10);
      return engine.query({}).deliveries.map((d) => d.state).join(',');
    };
    const first = await decide();
    expect(first).toContain('dropped');
    expect(first).toContain('delivered');
    expect(await decide()).toBe(first);
  });
});
