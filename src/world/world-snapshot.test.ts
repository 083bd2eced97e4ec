import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '../core/account.js';
import { createWorldFaker, World } from './world.js';
import { WorldClock } from './world-clock.js';

function world(seed: number): World {
  const faker = createWorldFaker(seed);
  return new World({ faker, clock: new WorldClock(Date.parse('2026-01-05T09:00:00Z'), faker), accounts: [DEFAULT_ACCOUNT], salesUsers: 2, initialCustomers: 10 });
}

describe('world snapshot', () => {
  it('is plain JSON and restores customers, projects, counters and clock', () => {
    const a = world(1);
    for (const type of ['customer_created', 'recent_draft_project', 'published_proposal_link', 'contract_signed'] as const) a.happen(type, DEFAULT_ACCOUNT.apiKey, {}, 'v2');
    a.deleteCustomer(DEFAULT_ACCOUNT.apiKey, 79460);
    const snap = a.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);

    const b = world(99);
    b.restore(JSON.parse(JSON.stringify(snap)));
    expect(b.snapshot()).toEqual(snap);
    const wb = b.account(DEFAULT_ACCOUNT.apiKey);
    expect(wb.customers.has(79460)).toBe(false);
    expect(wb.draftPool.size + wb.publishedPool.size).toBeGreaterThan(0);
    // Ids continue after the restored counters: never one already given out.
    const next = b.happen('customer_created', DEFAULT_ACCOUNT.apiKey, {}, 'v2').customer.id;
    expect(next).toBeGreaterThanOrEqual(snap.nextCustomerId);
    expect(b.clock.now()).toBeGreaterThan(snap.clock);
  });
});
