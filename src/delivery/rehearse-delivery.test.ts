import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config/config-schema.js';
import { DEFAULT_API_KEY } from '../core/account.js';
import { ManualClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import type { DeliveryEngine } from './delivery-engine-api.js';
import { createDeliveryEngine } from './delivery-engine.js';
import type { DeliveryChange } from './delivery-journal.js';
import { rehearseDelivery } from './rehearse-delivery.js';
import type { Transport, TransportRequest } from './transport.js';
import { engineDeps } from '../../test/support/engine-deps.js';

const HOOK = 'http://127.0.0.1:9/hook';

/** An engine from its declared deps (manual clock, a transport that records and answers 200), subscribed to HOOK. */
function setup(config: ConfigInput) {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const sent: TransportRequest[] = [];
  const transport: Transport = {
    send: (request) => (sent.push(request), { result: Promise.resolve({ kind: 'response', status: 200, durationMs: 1, responseBody: '' }), cancel: () => undefined }),
    close: () => undefined,
  };
  const { deps, subscriptions } = engineDeps(config, clock, transport, 7);
  subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
  return { clock, engine: createDeliveryEngine(deps), deps, sent };
}

const event = (i: number): AccountEvent => ({
  id: `evt_${i}`,
  type: 'customer_created',
  apiKey: DEFAULT_API_KEY,
  payloadVersion: 'v2',
  payload: { i },
  body: `{"i":${i}}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
  subject: { customerId: i },
});

describe('rehearsing the delivery path (start-up warm-up, decision 0042)', () => {
  it('takes one delivery through a sandbox engine to its settlement, then closes the sandbox on the next turn', async () => {
    const { deps } = setup({});
    const changes: DeliveryChange[] = [];
    let sandbox: DeliveryEngine | undefined;
    rehearseDelivery((d) => {
      sandbox = createDeliveryEngine(d);
      sandbox.onChange((_, change) => changes.push(change));
      return sandbox;
    }, deps);
    await nextTurn();
    expect(changes).toEqual(['created', 'attempt', 'settled']);
    expect(sandbox!.query({}).deliveries.map((d) => [d.state, d.attempts.length])).toEqual([['delivered', 1]]);
    // Closed: a delivery made now is cancelled at once.
    expect(sandbox!.deliver(event(1)).map((id) => sandbox!.get(id)!.state)).toEqual(['cancelled']);
  });

  it('leaves the engine it warms as it was: nothing sent, journalled or counted, the same ids and fault draws after', async () => {
    const plain = setup({});
    plain.engine.warm!();
    await nextTurn();
    expect(plain.sent).toEqual([]);
    expect(plain.engine.query({}).total).toBe(0);
    expect(plain.engine.stats()).toMatchObject({ total: 0, pending: 0, delivered: 0 });
    // With faults drawn from the engine's random stream: the same decisions as an engine never warmed.
    const config: ConfigInput = { delivery: { faults: { drop: 0.5 }, retry: { schedule: [] } } };
    const outcomes = async (warm: boolean) => {
      const { clock, engine, sent } = setup(config);
      if (warm) {
        engine.warm!();
        await nextTurn();
      }
      for (let i = 1; i <= 30; i++) engine.deliver(event(i));
      await clock.advance(10);
      return { journal: engine.query({}).deliveries.map((d) => `${d.id}=${d.state}`).join(','), sent: sent.length };
    };
    const cold = await outcomes(false);
    expect(cold.journal).toContain('dropped');
    expect(cold.journal.startsWith('dlv_1=')).toBe(true);
    expect(await outcomes(true)).toEqual(cold);
  });

  it('ignores a failure: a warm-up never breaks the emulator', () => {
    const { deps } = setup({});
    expect(() =>
      rehearseDelivery(() => {
        throw new Error('no engine today');
      }, deps),
    ).not.toThrow();
  });
});
