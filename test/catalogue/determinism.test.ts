import { afterEach, describe, expect, it } from 'vitest';
import { inBusinessHours, nextBusinessMorning } from '../../src/world/world-clock.js';
import type { TriggerRequest } from '../../src/events/trigger-request.js';
import type { EventType } from '../../src/core/event-types.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Emulator } from '../../src/emulator.js';
import { catalogueEmulator } from './catalogue-harness.js';

let open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.map((e) => e.close()));
  open = [];
});

const RUN: EventType[] = ['customer_created', 'recent_draft_project', 'customer_status_change', 'published_proposal_link', 'project_email_sent', 'project_sms_sent', 'contract_signed', 'customer_created'];

function bodies(emu: Emulator): string[] {
  return RUN.flatMap((type) => emu.events.trigger({ type, count: 3 }).events.map((e) => `${e.id} ${e.occurredAt} ${e.body}`));
}

function make(seed: number, config = {}): Emulator {
  const emu = catalogueEmulator(seed, config);
  open.push(emu);
  return emu;
}

describe('determinism', () => {
  it('the same seed and the same calls give byte-identical payloads', () => {
    expect(bodies(make(42))).toEqual(bodies(make(42)));
  });

  it('another seed gives other data', () => {
    const a = bodies(make(42));
    const b = bodies(make(43));
    expect(a[0]).not.toEqual(b[0]);
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
  });

  it('reset restarts the sequence: event ids from evt_1 and the same payloads again', async () => {
    const emu = make(42);
    const before = bodies(emu);
    await emu.reset();
    const after = bodies(emu);
    expect(after[0]).toMatch(/^evt_1 /);
    expect(after).toEqual(before);
  });

  it('refused calls (bad subject, bad override, bad count) do not move the world on', () => {
    const a = make(42);
    const signed = a.events.trigger({ type: 'contract_signed' }).events[0]!.subject;
    const b = make(42);
    b.events.trigger({ type: 'contract_signed' });
    const refusals: Array<TriggerRequest> = [
      { type: 'contract_signed', subject: { projectId: signed.projectId } },
      { type: 'customer_status_change', subject: { customerId: 1 } },
      { type: 'customer_created', subject: { customerId: signed.customerId } },
      { type: 'customer_created', overrides: { customer_id: 'x' } },
      { type: 'customer_created', count: 0 },
    ];
    for (const r of refusals) expect(() => b.events.trigger(r)).toThrow();
    expect(bodies(b)).toEqual(bodies(a));
  });

  it('looking at the catalogue does not move the world on', () => {
    const a = make(42);
    a.catalogue.describe('v2');
    a.catalogue.describe('v1');
    expect(bodies(a)).toEqual(bodies(make(42)));
  });

  it('the world clock starts at world.startTime and only moves forward by seeded gaps', () => {
    const events = make(1, { world: { startTime: '2026-03-01T00:00:00Z' } }).events.trigger({ type: 'customer_created', count: 200 }).events;
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times[0]!).toBeGreaterThan(Date.parse('2026-03-01T00:00:00Z'));
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(15_000);
      // A seeded gap of at most 25 minutes, or a jump past closing time to the next business morning.
      const jumped = times[i]! - times[i - 1]! > 25 * 60_000;
      if (jumped) {
        const morning = nextBusinessMorning(times[i - 1]!);
        expect(times[i]!).toBeGreaterThanOrEqual(morning);
        expect(times[i]!).toBeLessThanOrEqual(morning + 90 * 60_000);
      }
    }
    // Events happen mostly in business hours, Australian time.
    expect(times.filter(inBusinessHours).length).toBeGreaterThan(times.length * 0.8);
    expect((events[0]!.payload as { customer_created_at: string }).customer_created_at).toBe(events[0]!.occurredAt);
  });

  it('startTime "now" starts the world clock at the wall clock', () => {
    const clock = new ManualClock(Date.parse('2030-07-01T12:00:00.500Z'));
    const emu = catalogueEmulator(1, { world: { startTime: 'now' } }, { clock });
    open.push(emu);
    const t = Date.parse(emu.events.trigger({ type: 'customer_created' }).events[0]!.occurredAt);
    expect(t).toBeGreaterThan(Date.parse('2030-07-01T12:00:00Z'));
    // 12:00 UTC is 20:00 in Perth: the first event is in the first 25 minutes, or the next business morning (8:00 in Perth, 00:00 UTC, when every state is open).
    expect(t < Date.parse('2030-07-01T12:30:00Z') || (t >= Date.parse('2030-07-02T00:00:00Z') && t <= Date.parse('2030-07-02T01:30:00Z'))).toBe(true);
  });
});
