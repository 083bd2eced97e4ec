import { describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, type Account } from '../core/account.js';
import type { AccountEvent } from '../core/event.js';
import { createEventTrigger } from './event-trigger.js';

describe('the trigger and the moment it arrived', () => {
  it('hands every delivery it makes the same elapsed-time reader, so their latency counts from the arrival', async () => {
    const account = { apiKey: DEFAULT_API_KEY } as Account;
    const seen: (unknown)[] = [];
    let n = 0;
    const events = createEventTrigger({
      accounts: { get: (k) => (k === DEFAULT_API_KEY ? account : undefined), all: () => [account], primary: () => account },
      payloadVersion: () => 'v2',
      catalogue: {
        happen: (r) => ({ id: `evt_${++n}`, type: r.type, apiKey: r.apiKey }) as AccountEvent,
        exact: (r) => ({ id: `evt_${++n}`, type: r.type, apiKey: r.apiKey }) as AccountEvent,
      },
      delivery: { deliver: (e, elapsed) => (seen.push(elapsed), [`dlv_${e.id}`]) },
    });
    const elapsed = (): number => 4;
    const result = await events.triggerWhenRoom({ type: 'customer_created', count: 3 }, undefined, elapsed);
    expect(result.deliveries).toEqual(['dlv_evt_1', 'dlv_evt_2', 'dlv_evt_3']);
    expect(seen).toEqual([elapsed, elapsed, elapsed]);
    // A direct call (schedules, scenarios) has no arrival: its latency counts from the delivery's making.
    events.trigger({ type: 'customer_created' });
    expect(seen[3]).toBeUndefined();
  });
});
