import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.js';
import { ConfigStore } from '../config/config-store.js';
import { DEFAULT_API_KEY } from '../core/account.js';
import { ManualClock, scaledClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import { createLogger } from '../core/logger.js';
import { createRandom } from '../core/random.js';
import { SubscriptionStore } from '../solarproof/subscription-store.js';
import { createDeliveryEngine } from './delivery-engine.js';
import type { Transport, TransportOutcome } from './transport.js';

const HOOK = 'http://127.0.0.1:9/hook';

function setup(max: number) {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const settings = new ConfigStore(configSchema.parse({ logLevel: 'silent', delivery: { concurrency: { max, perHost: max }, retry: { schedule: [] }, maxPending: 1_000_000, journal: { maxDeliveries: 100_000 } } }));
  const subscriptions = new SubscriptionStore(() => clock.now());
  const answers: Array<(o: TransportOutcome) => void> = [];
  let sent = 0;
  const transport: Transport = {
    send() {
      sent++;
      let answer!: (o: TransportOutcome) => void;
      const result = new Promise<TransportOutcome>((resolve) => (answer = resolve));
      answers.push(answer);
      return { result, cancel: () => answer({ kind: 'cancelled', durationMs: 0 }) };
    },
    close: () => undefined,
  };
  const engine = createDeliveryEngine({
    settings: () => ({ ...settings.get().delivery, timeScale: 1 }),
    onSettingsChange: (l) => settings.onChange(l),
    wallClock: clock,
    clock: scaledClock(clock, () => 1),
    random: createRandom(1),
    transport,
    logger: createLogger('silent'),
    subscriptions,
  });
  subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
  const event = (n: number): AccountEvent => ({
    id: `evt_${n}`,
    type: 'customer_created',
    apiKey: DEFAULT_API_KEY,
    payloadVersion: 'v2',
    payload: {},
    body: '{}',
    occurredAt: '2026-01-01T00:00:00.000Z',
    subject: { customerId: n },
  });
  return { clock, engine, answers, sent: () => sent, event };
}

describe('delivery engine drain', () => {
  it('lets the attempt in flight finish and record its outcome, starts none of the 20 000 queued, then cancels them', async () => {
    const { engine, answers, sent, event } = setup(1);
    for (let i = 1; i <= 20_000; i++) engine.deliver(event(i));
    expect(sent()).toBe(1);
    const drained = engine.drain(5000);
    expect(() => engine.admit(DEFAULT_API_KEY, 'customer_created', 1)).toThrow(/shutting down/);
    answers[0]!({ kind: 'response', status: 200, durationMs: 5, responseBody: 'ok' });
    expect(await drained).toEqual({ finished: 1, cutOff: 0 });
    expect(sent()).toBe(1); // the freed slot started nothing
    const stats = engine.stats();
    expect(stats).toMatchObject({ delivered: 1, cancelled: 19_999, pending: 0 });
    expect(engine.get('dlv_1')!.attempts.map((a) => a.outcome)).toEqual(['success']);
  });

  it('cuts off an attempt that outlasts the grace, recording it cancelled', async () => {
    const { clock, engine, event } = setup(4);
    engine.deliver(event(1));
    const drained = engine.drain(1000);
    await clock.advance(1000);
    expect(await drained).toEqual({ finished: 0, cutOff: 1 });
    expect(engine.get('dlv_1')).toMatchObject({ state: 'cancelled', cancelReason: 'close' });
  });
});
