import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config/config-schema.js';
import { DEFAULT_API_KEY } from '../core/account.js';
import { ManualClock, monotonicMs, type Clock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import { createDeliveryEngine } from './delivery-engine.js';
import { HANDOFF_MS, SEND_LEAD_MS } from './aimed-latency.js';
import type { Transport, TransportRequest } from './transport.js';
import { engineDeps } from '../../test/support/engine-deps.js';

const HOOK = 'http://127.0.0.1:9/hook';

/**
 * A ManualClock that can also aim (as the system clock can): aimed waits are recorded, then run as
 * plain manual timers, so the test sees what the engine asked for.
 */
function aimingClock(): { clock: ManualClock & Required<Pick<Clock, 'aimTimeout'>>; aimed: number[] } {
  const aimed: number[] = [];
  const clock = Object.assign(new ManualClock(0), {
    aimTimeout(fn: () => void, ms: number) {
      aimed.push(ms);
      return clock.setTimeout(fn, ms);
    },
  });
  return { clock, aimed };
}

function setup(config: ConfigInput, clock: ManualClock) {
  const sentAt: number[] = [];
  const transport: Transport = {
    send: () => (sentAt.push(clock.now()), { result: Promise.resolve({ kind: 'response', status: 500, durationMs: 1, responseBody: '' }), cancel: () => undefined }),
    close: () => undefined,
  };
  const { deps, subscriptions } = engineDeps(config, clock, transport, 1);
  const engine = createDeliveryEngine(deps);
  subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
  const event = { id: 'evt_1', type: 'customer_created', apiKey: DEFAULT_API_KEY, payloadVersion: 'v2', payload: {}, body: '{}', occurredAt: '2026-01-01T00:00:00.000Z', subject: { customerId: 1 } } as AccountEvent;
  return { engine, event, sentAt };
}

describe('injected latency on a clock that can aim', () => {
  it('aims each attempt with latency SEND_LEAD_MS early (scaled like the wait), and a retry without latency is a plain timer', async () => {
    const { clock, aimed } = aimingClock();
    const { engine, event, sentAt } = setup({ timeScale: 0.5, delivery: { latency: { distribution: 'fixed', ms: 200 }, retry: { schedule: [1000] } } }, clock);
    engine.deliver(event);
    await clock.advance(5000);
    // Attempt 1 after 200 ms of latency, attempt 2 after 1000 ms of retry delay plus 200 ms, both
    // scaled by 0.5 (what the clock is asked for is real time); the lead is real ms, not scaled.
    expect(aimed).toEqual([100 - SEND_LEAD_MS, 600 - SEND_LEAD_MS]);
    expect(sentAt).toEqual([100 - SEND_LEAD_MS, 100 - SEND_LEAD_MS + 600 - SEND_LEAD_MS]);
    expect(SEND_LEAD_MS).toBeGreaterThan(0);
  });

  it('counts the first attempt\'s latency from the trigger\'s arrival: the real ms elapsed are not waited again, a retry waits its whole latency', async () => {
    const { clock, aimed } = aimingClock();
    const { engine, event } = setup({ timeScale: 0.5, delivery: { latency: { distribution: 'fixed', ms: 200 }, retry: { schedule: [1000] } } }, clock);
    let asked = 0;
    engine.deliver(event, () => (asked++, 3.5));
    await clock.advance(5000);
    // 200 ms of latency scaled by 0.5 is 100 real ms, of which 3.5 have gone since the arrival.
    expect(aimed).toEqual([100 - SEND_LEAD_MS - 3.5, 600 - SEND_LEAD_MS]);
    expect(asked).toBe(1);

    const late = aimingClock();
    const slow = setup({ delivery: { latency: { distribution: 'fixed', ms: 50 }, retry: { schedule: [] } } }, late.clock);
    slow.engine.deliver(slow.event, () => 80); // the trigger waited longer than the latency: sent at once
    await late.clock.advance(1);
    expect(late.aimed).toEqual([0]);
    expect(slow.sentAt).toEqual([0]);
  });

  it('aims nothing without injected latency, and a ManualClock (no aimTimeout) waits exactly the latency', async () => {
    const { clock, aimed } = aimingClock();
    const plain = setup({ delivery: { retry: { schedule: [1000] } } }, clock);
    plain.engine.deliver(plain.event);
    await clock.advance(5000);
    expect(aimed).toEqual([]);
    expect(plain.sentAt).toEqual([0, 1000]);

    const manual = new ManualClock(0);
    const exact = setup({ delivery: { latency: { distribution: 'fixed', ms: 200 }, retry: { schedule: [] } } }, manual);
    exact.engine.deliver(exact.event, () => 5); // a ManualClock does not count from the arrival either
    await manual.advance(199);
    expect(exact.sentAt).toEqual([]);
    await manual.advance(1);
    expect(exact.sentAt).toEqual([200]);
  });

  it('hands an attempt with latency HANDOFF_MS early to a transport that holds requests, with its moment, on a plain timer', async () => {
    const { clock, aimed } = aimingClock();
    const requests: Array<{ at: number; request: TransportRequest }> = [];
    const holding: Transport = {
      sendsAt: true,
      send: (request) => (requests.push({ at: clock.now(), request }), { result: Promise.resolve({ kind: 'response', status: 500, durationMs: 1, responseBody: '' }), cancel: () => undefined }),
      close: () => undefined,
    };
    const { deps, subscriptions } = engineDeps({ timeScale: 0.5, delivery: { latency: { distribution: 'fixed', ms: 200 }, retry: { schedule: [1000] } } }, clock, holding, 1);
    const engine = createDeliveryEngine(deps);
    subscriptions.subscribe(DEFAULT_API_KEY, HOOK, 'customer_created');
    const before = monotonicMs();
    const [id] = engine.deliver({ id: 'evt_1', type: 'customer_created', apiKey: DEFAULT_API_KEY, payloadVersion: 'v2', payload: {}, body: '{}', occurredAt: '2026-01-01T00:00:00.000Z', subject: { customerId: 1 } } as AccountEvent);
    const after = monotonicMs();
    await clock.advance(5000);
    // Nothing aimed on the main thread: handed over HANDOFF_MS (real ms) before the moment, which
    // the request carries (100 - SEND_LEAD_MS real ms from the plan, on the monotonic clock).
    expect(aimed).toEqual([]);
    const handedAt = 100 - SEND_LEAD_MS - HANDOFF_MS;
    expect(requests.map((r) => r.at)).toEqual([handedAt, handedAt + 600 - SEND_LEAD_MS - HANDOFF_MS]);
    const first = requests[0]!.request.sendAt!;
    expect(first).toBeGreaterThanOrEqual(before + 100 - SEND_LEAD_MS);
    expect(first).toBeLessThanOrEqual(after + 100 - SEND_LEAD_MS);
    expect(requests[1]!.request.sendAt).toBeGreaterThan(first);
    // The journal's attempt starts at its moment (the wall clock plus the real ms still held), not at the hand-over.
    const attempts = engine.get(id!)?.attempts ?? [];
    expect(attempts[0]!.startedAt).toBeGreaterThan(handedAt);
  });
});
