import { describe, expect, it } from 'vitest';
import { worldConfigSchema } from '../config/world-config.js';
import { DEFAULT_ACCOUNT } from '../core/account.js';
import { EVENT_TYPES } from '../core/event-types.js';
import { createRandom } from '../core/random.js';
import { happeningProject } from './happening.js';
import { createWorldPart, type WorldPart } from './world-part.js';

const KEY = DEFAULT_ACCOUNT.apiKey;

function worldPart(seed: number, initialCustomers = 5): WorldPart {
  const settings = worldConfigSchema.parse({ initialCustomers });
  return createWorldPart({ accounts: [DEFAULT_ACCOUNT], settings: () => settings, random: createRandom(seed).fork('world'), now: () => 0 });
}

describe('the world part', () => {
  it('reset builds a fresh world from the same seed: the same book, the clock back at its start', () => {
    const part = worldPart(7);
    const start = part.snapshot();
    const before = part.current();
    part.current().happen('customer_created', KEY, {}, 'v2');
    expect(part.snapshot()).not.toEqual(start);
    part.reset();
    expect(part.current()).not.toBe(before);
    expect(part.snapshot()).toEqual(start);
  });

  it('a sandbox world never moves the real world on', () => {
    const part = worldPart(7);
    const start = part.snapshot();
    const sandbox = part.sandbox(2);
    for (const type of EVENT_TYPES) sandbox.happen(type, KEY, {}, 'v2');
    expect(part.snapshot()).toEqual(start);
    expect(sandbox).not.toBe(part.current());
  });

  it('restore continues from a snapshot, and a snapshot naming an unknown account changes nothing', () => {
    const a = worldPart(1);
    a.current().happen('published_proposal_link', KEY, {}, 'v2');
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = worldPart(2, 0);
    b.restore(snap, 3);
    expect(b.snapshot()).toEqual(snap);
    const kept = b.current();
    expect(() => b.restore({ ...snap, accounts: [{ ...snap.accounts[0], apiKey: 'sp_nobody' }] }, 3)).toThrow(/sp_nobody/);
    expect(b.current()).toBe(kept);
    expect(b.snapshot()).toEqual(snap);
  });

  it("gives each event type's happening its own shape", () => {
    const world = worldPart(3).current();
    for (const type of EVENT_TYPES) {
      const h = world.happen(type, KEY, {}, 'v2');
      expect(h.type).toBe(type);
      const project = happeningProject(h);
      expect(project === undefined).toBe(type === 'customer_created' || type === 'customer_status_change');
      if (project) expect(project.customerId).toBe(h.customer.id);
      if (h.type === 'customer_status_change') expect(h.previousStatus).not.toBe(h.customer.status);
      if (h.type === 'project_email_sent') expect(h.email.subject.length).toBeGreaterThan(0);
      if (h.type === 'project_sms_sent') expect(h.sms.length).toBeGreaterThan(0);
    }
  });
  it('is built on first need, and the same seed gives the same world however late that is (the start time is read when the part is made)', () => {
    const settings = worldConfigSchema.parse({ initialCustomers: 3, startTime: 'now' });
    let now = 1_780_000_000_000;
    const made = (parent: ReturnType<typeof createRandom>): WorldPart =>
      createWorldPart({ accounts: [DEFAULT_ACCOUNT], settings: () => settings, random: parent.fork('world'), now: () => now });
    const early = made(createRandom(11));
    const earlyWorld = early.snapshot();
    const parent = createRandom(11);
    const late = made(parent);
    // Other parts draw from the emulator's stream and time passes before anything needs the world.
    parent.int(0, 1_000);
    parent.fork('other').int(0, 1_000);
    now += 3_600_000;
    expect(late.snapshot()).toEqual(earlyWorld);
    expect(late.current().happen('customer_created', KEY, {}, 'v2').customer).toEqual(early.current().happen('customer_created', KEY, {}, 'v2').customer);
    // reset reads "now" again, as it always has.
    late.reset();
    expect(late.snapshot()).not.toEqual(earlyWorld);
  });
});
