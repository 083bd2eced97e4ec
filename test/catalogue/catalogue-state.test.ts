import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

const open: Emulator[] = [];
function emulator(seed: number): Emulator {
  const emu = catalogueEmulator(seed);
  open.push(emu);
  return emu;
}
afterEach(async () => {
  for (const emu of open.splice(0)) await emu.close();
});

describe('the catalogue and the world part', () => {
  it("snapshots { nextEventId, world } and a restored catalogue goes on without reissuing an id", () => {
    const a = emulator(5);
    a.catalogue.happen({ type: 'customer_created', apiKey: API_KEY });
    a.catalogue.happen({ type: 'recent_draft_project', apiKey: API_KEY });
    const snap = JSON.parse(JSON.stringify(a.catalogue.snapshot()));
    expect(Object.keys(snap)).toEqual(['nextEventId', 'world']);
    expect(snap.nextEventId).toBe(3);

    const b = emulator(6);
    b.catalogue.restore(snap);
    const back = b.catalogue.snapshot();
    // A restore rebuilds each account customer by customer, so projects may come back in another order.
    const byId = (ps: Array<{ id: number }>) => [...ps].sort((x, y) => x.id - y.id);
    expect(byId(back.world.accounts[0]!.projects)).toEqual(byId(snap.world.accounts[0].projects));
    expect({ ...back.world, accounts: [] }).toEqual({ ...snap.world, accounts: [] });
    expect(back.world.accounts[0]!.customers).toEqual(snap.world.accounts[0].customers);
    expect(back.nextEventId).toBe(3);
    expect(b.catalogue.world()).toBe(b.world.current());
    const next = b.catalogue.happen({ type: 'customer_created', apiKey: API_KEY });
    expect(next.id).toBe('evt_3');
    expect(next.subject.customerId).toBeGreaterThanOrEqual(snap.world.nextCustomerId);
  });

  it('describe renders its examples from a sandbox: the real world is not moved on', () => {
    const plain = emulator(9);
    const described = emulator(9);
    described.catalogue.describe('v2');
    described.catalogue.describe('v1');
    for (const type of ['customer_created', 'published_proposal_link', 'contract_signed'] as const) {
      expect(described.catalogue.happen({ type, apiKey: API_KEY }).body).toBe(plain.catalogue.happen({ type, apiKey: API_KEY }).body);
    }
  });

  it("the root's reset resets the world part and the event counter together", async () => {
    const emu = emulator(4);
    const start = emu.catalogue.snapshot();
    emu.catalogue.happen({ type: 'contract_signed', apiKey: API_KEY });
    await emu.reset();
    expect(emu.catalogue.snapshot()).toEqual(start);
  });
});
