import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import type { Delivery, TerminalState } from './delivery-domain.js';
import { DeliveryJournal } from './delivery-journal.js';

const event = { id: 'evt_1', type: 'customer_created', payload: {}, body: '{}' } as unknown as AccountEvent;
let n = 0;
const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  id: `dlv_${++n}`,
  event,
  hookUrl: 'http://127.0.0.1:1/hook',
  apiKey: 'k',
  subscriptionId: 'sub_1',
  state: 'pending',
  attempts: [],
  createdAt: 0,
  ...over,
});
const settle = (j: DeliveryJournal, d: Delivery, state: TerminalState = 'delivered') => j.settle(d.id, state, 0);

describe('DeliveryJournal', () => {
  it('evicts the deliveries that settled first past the cap, never a pending one', () => {
    const j = new DeliveryJournal(() => 3, new ManualClock());
    const [a, b, c, d, e] = [delivery(), delivery(), delivery(), delivery(), delivery()];
    for (const x of [a!, b!, c!, d!, e!]) j.add(x);
    expect(j.size).toBe(5); // all pending: nothing may go
    settle(j, c!);
    settle(j, a!);
    expect(j.get(c!.id)).toBeUndefined();
    expect(j.get(a!.id)).toBeUndefined();
    expect(j.size).toBe(3);
    expect(j.evicted).toBe(2);
    settle(j, b!);
    expect(j.size).toBe(3); // at the cap: b stays
    j.add(delivery());
    expect(j.get(b!.id)).toBeUndefined();
    expect(j.query({ state: ['pending'] }).total).toBe(3);
  });

  it('finds one event\'s deliveries as a scan would, through evictions, a later redelivery and a reset', async () => {
    const j = new DeliveryJournal(() => 4, new ManualClock());
    const other = { ...event, id: 'evt_2' } as AccountEvent;
    const third = { ...event, id: 'evt_3' } as AccountEvent;
    const [a, b, c, d] = [delivery({ event: other }), delivery({ event: other }), delivery({ event: third }), delivery({ event: other, hookUrl: 'http://127.0.0.1:2/h' })];
    for (const x of [a!, b!, c!, d!]) j.add(x);
    const ids = (f: Parameters<DeliveryJournal['query']>[0]) => j.query(f).deliveries.map((x) => x.id);
    expect(ids({ eventId: ['evt_2'] })).toEqual([a!.id, b!.id, d!.id]);
    expect(ids({ eventId: ['evt_2'], hookUrl: ['http://127.0.0.1:2/h'] })).toEqual([d!.id]);
    expect(ids({ eventId: ['evt_2', 'evt_3'] })).toEqual([a!.id, b!.id, c!.id, d!.id]);
    settle(j, b!);
    j.add(delivery({ event: third })); // past the cap: b (settled first) is evicted
    expect(ids({ eventId: ['evt_2'] })).toEqual([a!.id, d!.id]);
    expect(ids({ eventId: ['evt_2'], state: ['delivered'] })).toEqual([]);
    settle(j, a!);
    settle(j, d!);
    expect(ids({ eventId: ['evt_2'], state: ['delivered'] })).toEqual([a!.id, d!.id]);
    const waited = j.waitFor({ eventId: ['evt_3'], state: ['delivered'] }, 1, 60_000);
    settle(j, c!);
    await expect(waited).resolves.toEqual({ timedOut: false });
    expect(ids({ eventId: ['evt_9'] })).toEqual([]);
    j.clear();
    expect(ids({ eventId: ['evt_2'] })).toEqual([]);
  });

  it('answers a wait at once when enough match, else when they do, else at the timeout', async () => {
    const clock = new ManualClock();
    const j = new DeliveryJournal(() => 100, clock);
    const a = delivery();
    j.add(a);
    expect(await j.waitFor({ state: ['pending'] }, 1, 1000)).toEqual({ timedOut: false });
    let answered: unknown;
    void j.waitFor({ state: ['delivered'] }, 2, 1000).then((r) => (answered = r));
    settle(j, a);
    await clock.advance(0);
    expect(answered).toBeUndefined();
    const b = delivery();
    j.add(b);
    settle(j, b);
    await clock.advance(0);
    expect(answered).toEqual({ timedOut: false });
    let late: unknown;
    void j.waitFor({ state: ['failed'] }, 1, 500).then((r) => (late = r));
    await clock.advance(499);
    expect(late).toBeUndefined();
    await clock.advance(1);
    expect(late).toEqual({ timedOut: true });
  });

  it('stops a wait whose caller went away, so abandoned long-polls do not pile up', async () => {
    const clock = new ManualClock();
    const j = new DeliveryJournal(() => 100, clock);
    const gone = new AbortController();
    let answered: unknown;
    void j.waitFor({ state: ['delivered'] }, 1, 300_000, gone.signal).then((r) => (answered = r));
    expect(j.waiting).toBe(1);
    gone.abort();
    await clock.advance(0);
    expect(j.waiting).toBe(0);
    expect(answered).toEqual({ timedOut: true });
  });

  it('evicts down to a cap lowered at run time at once, settled deliveries first', () => {
    let cap = 10;
    const j = new DeliveryJournal(() => cap, new ManualClock());
    const all = Array.from({ length: 6 }, () => delivery());
    for (const x of all) j.add(x);
    for (const x of all.slice(0, 4)) settle(j, x);
    cap = 2;
    j.trim();
    expect(j.size).toBe(2); // the two pending ones stay
    expect(j.query({ state: ['pending'] }).total).toBe(2);
    expect(j.evicted).toBe(4);
  });

  it('filters by any of several values and orders oldest or newest first', () => {
    const j = new DeliveryJournal(() => 100, new ManualClock());
    const a = delivery({ hookUrl: 'http://x/a' });
    const b = delivery({ hookUrl: 'http://x/b' });
    const c = delivery({ hookUrl: 'http://x/c' });
    for (const x of [a, b, c]) j.add(x);
    expect(j.query({ hookUrl: ['http://x/a', 'http://x/c'] }).deliveries.map((x) => x.id)).toEqual([a.id, c.id]);
    expect(j.query({}, { order: 'desc', limit: 2 })).toEqual({ deliveries: [c, b], total: 3 });
  });
});

describe('DeliveryJournal lookups', () => {
  it('finds every record by id after evictions and compactions, and nothing evicted', () => {
    const j = new DeliveryJournal(() => 500, new ManualClock());
    const made: Delivery[] = [];
    for (let i = 0; i < 5000; i++) {
      const d = delivery();
      made.push(d);
      j.add(d);
      // Every third settles at once: the journal keeps the pending ones and the newest settled.
      if (i % 3 === 0) settle(j, d);
    }
    const kept = new Set(j.query({}).deliveries.map((d) => d.id));
    expect(kept.size).toBe(j.size);
    for (const d of made) expect(j.get(d.id)?.id).toBe(kept.has(d.id) ? d.id : undefined);
    expect(j.get('dlv_0')).toBeUndefined();
    expect(j.get('dlv_x')).toBeUndefined();
    expect(j.query({}).deliveries.map((d) => d.id)).toEqual(made.filter((d) => kept.has(d.id)).map((d) => d.id));
  });

  it('refuses an id that does not rise, or is not a dlv_<n> the engine would make (state documents are checked before they get here)', () => {
    const j = new DeliveryJournal(() => 3, new ManualClock());
    j.add(delivery({ id: 'dlv_10' }));
    for (const id of ['dlv_2', 'dlv_10', 'dlv_011', 'custom']) expect(() => j.add(delivery({ id }))).toThrow(`journal ids must rise (dlv_<n>, n above 10); got ${id}`);
    expect(j.query({}).deliveries.map((d) => d.id)).toEqual(['dlv_10']);
    j.add(delivery({ id: 'dlv_11' }));
    expect(j.get('dlv_11')?.id).toBe('dlv_11');
  });
});
