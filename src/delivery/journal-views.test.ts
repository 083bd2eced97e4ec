import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '../core/account.js';
import { ManualClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import { toView } from './delivery.js';
import { createDeliveryEngine } from './delivery-engine.js';
import type { Transport, TransportOutcome } from './transport.js';
import { engineDeps } from '../../test/support/engine-deps.js';

/**
 * Everything a user can see of the journal, for a fixed seed, a manual clock and a scripted
 * transport: every change as the SSE stream serialises it (with and without payloads), the
 * `/deliveries` and `/deliveries/:id` JSON, the stats, and the state export (and the export
 * after an import of it). It must stay byte-identical to the golden file, which was written by
 * the code before the journal records were made compact (commit 6b68d61): how records are kept
 * in memory is not observable. `UPDATE_GOLDEN=1` rewrites the file (only for an intended change).
 */
const GOLDEN = new URL('./fixtures/journal-views.golden.json', import.meta.url);
const START = Date.parse('2026-03-02T10:15:01.118Z');
const HOOKS = ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b?token=s3cret', 'http://127.0.0.1:9/c'];

/** Each hook URL answers from its own script, in turn; `hang` stays in flight until cancelled. */
function scriptedTransport(): Transport {
  const scripts: Record<string, Array<TransportOutcome | 'hang'>> = {
    [HOOKS[0]!]: [{ kind: 'response', status: 200, durationMs: 3, responseBody: 'OK' }],
    [HOOKS[1]!]: [
      { kind: 'response', status: 503, durationMs: 12, responseBody: '{"error":"busy"}', retryAfter: '1' },
      { kind: 'timeout', durationMs: 5000 },
      { kind: 'network', failure: 'connection_refused', error: 'connect ECONNREFUSED 127.0.0.1:9', durationMs: 1 },
      { kind: 'response', status: 200, durationMs: 6005, responseBody: 'late' },
      { kind: 'response', status: 204, durationMs: 4, responseBody: '' },
      { kind: 'network', failure: 'connection_reset', error: 'socket hang up', durationMs: 2 },
    ],
    [HOOKS[2]!]: [{ kind: 'response', status: 200, durationMs: 7, responseBody: '{"ok":true}' }, 'hang'],
  };
  const sent = new Map<string, number>();
  return {
    send(request) {
      const script = scripts[request.url]!;
      const n = sent.get(request.url) ?? 0;
      sent.set(request.url, n + 1);
      const next = script[n % script.length]!;
      let cancel = (): void => undefined;
      const result = new Promise<TransportOutcome>((resolve) => {
        if (next === 'hang') cancel = () => resolve({ kind: 'cancelled', durationMs: 0 });
        else resolve(next);
      });
      return { result, cancel: () => cancel() };
    },
    close: () => undefined,
  };
}

function build(clock: ManualClock) {
  const delivery = {
    retry: { schedule: [100, 200, 400] },
    latency: { distribution: 'uniform' as const, minMs: 0, maxMs: 40 },
    faults: { drop: 0.08, duplicate: 0.1, reorder: 0.1, truncate: 0.05, malformedJson: 0.05, wrongContentType: 0.05, reorderWindowMs: 50 },
  };
  const { deps, subscriptions } = engineDeps({ delivery }, clock, scriptedTransport(), 7);
  const engine = createDeliveryEngine(deps);
  return { engine, subscriptions };
}

const event = (i: number): AccountEvent => ({
  id: `evt_${i}`,
  type: 'customer_created',
  apiKey: DEFAULT_API_KEY,
  payloadVersion: 'v2',
  payload: { customer_id: 79500 + i, first_name: 'Ana', note: i % 3 === 0 ? 'ü "quoted" \\ ok' : '' },
  body: JSON.stringify({ customer_id: 79500 + i, first_name: 'Ana', note: i % 3 === 0 ? 'ü "quoted" \\ ok' : '' }),
  occurredAt: '2026-03-02T10:15:01.000Z',
  subject: { customerId: 79500 + i },
});

async function everythingVisible(): Promise<Record<string, unknown>> {
  const clock = new ManualClock(START);
  const { engine, subscriptions } = build(clock);
  const stream: string[] = [];
  engine.onChange((d, change) => {
    stream.push(JSON.stringify({ change, delivery: toView(d, { payload: true }) }));
    stream.push(JSON.stringify({ change, delivery: toView(d, { payload: false }) }));
  });
  for (const hook of HOOKS) subscriptions.subscribe(DEFAULT_API_KEY, hook, 'customer_created');
  for (let i = 1; i <= 12; i++) {
    engine.deliver(event(i));
    await clock.advance(7);
  }
  const whilePending = JSON.stringify(engine.query({}, { order: 'desc' }).deliveries.map((d) => toView(d)));
  const pendingSnapshot = JSON.stringify(engine.snapshot());
  await clock.advance(3000);
  engine.redeliver('dlv_1');
  engine.redeliver('dlv_5');
  await clock.advance(500);
  subscriptions.unsubscribe(DEFAULT_API_KEY, HOOKS[2]!); // cancels what hangs in flight there
  await clock.advance(3000);
  const views = engine.query({}).deliveries;
  const snapshot = JSON.stringify(engine.snapshot());
  // Import the export into a fresh engine: its export is the same document.
  const again = build(new ManualClock(clock.now()));
  again.engine.restore(JSON.parse(snapshot) as Parameters<typeof again.engine.restore>[0]);
  const pendingAgain = build(new ManualClock(clock.now()));
  pendingAgain.engine.restore(JSON.parse(pendingSnapshot) as Parameters<typeof again.engine.restore>[0]);
  return {
    stream,
    whilePending,
    pendingSnapshot,
    deliveries: JSON.stringify({ deliveries: views.map((d) => toView(d, { payload: true })), total: views.length }),
    withoutPayload: JSON.stringify(views.map((d) => toView(d, { payload: false }))),
    one: views.map((d) => JSON.stringify(toView(engine.get(d.id)!))),
    stats: JSON.stringify(engine.stats()),
    snapshot,
    restoredSnapshot: JSON.stringify(again.engine.snapshot()),
    restoredViews: JSON.stringify(again.engine.query({}).deliveries.map((d) => toView(d))),
    restoredPendingSnapshot: JSON.stringify(pendingAgain.engine.snapshot()),
  };
}

describe('journal views (golden)', () => {
  it('shows exactly what the journal showed before its records were made compact', async () => {
    const seen = await everythingVisible();
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(seen, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(golden)) expect(seen[key], key).toEqual(golden[key]);
    expect(Object.keys(seen)).toEqual(Object.keys(golden));
    // The scenario covers every kind of attempt the journal can show.
    const outcomes = new Set((JSON.parse(seen.snapshot as string) as { deliveries: Array<{ attempts: Array<{ outcome: string; fault?: string }> }> }).deliveries.flatMap((d) => d.attempts.flatMap((a) => [a.outcome, `fault:${a.fault}`])));
    for (const o of ['success', 'http_error', 'timeout', 'connection_refused', 'connection_reset', 'injected_drop', 'cancelled', 'fault:duplicate', 'fault:reorder', 'fault:drop']) {
      expect(outcomes, o).toContain(o);
    }
  });
});
