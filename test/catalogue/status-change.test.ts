import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidSubjectError } from '../../src/core/errors.js';
import type { EventType } from '../../src/core/event-types.js';
import type { Emulator } from '../../src/emulator.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

type Item = Record<string, unknown>;
const emus: Emulator[] = [];
afterEach(() => Promise.all(emus.splice(0).map((e) => e.close())));

/** An empty world (no seeded book): the tests below reason about every customer in it. */
function start(seed: number, payloadVersion: 'v1' | 'v2' = 'v2'): Emulator {
  const emu = catalogueEmulator(seed, { payloadVersion, world: { initialCustomers: 0 } });
  emus.push(emu);
  return emu;
}
const first = (payload: unknown): Item => (Array.isArray(payload) ? payload[0] : payload) as Item;
const gen = (emu: Emulator, type: EventType, subject?: Parameters<Emulator['catalogue']['happen']>[0]['subject']) =>
  first(emu.catalogue.happen({ type, apiKey: API_KEY, subject }).payload);

describe('customer_status_change to a chosen status (subject.status)', () => {
  it('moves the world record and both payload versions to the chosen status, from the real previous one', () => {
    const v2 = start(4);
    const id = gen(v2, 'customer_created').customer_id as number;
    expect(gen(v2, 'customer_status_change', { customerId: id, status: 3 })).toMatchObject({
      customer_id: id,
      old_status_id: 1,
      old_status_name: 'New Contacts',
      new_status_id: 3,
      new_status_name: 'Mega Status',
    });
    // The world holds Mega Status now: the next change starts from it, and so does the next chosen one.
    expect(gen(v2, 'customer_status_change', { customerId: id })).toMatchObject({ old_status_id: 3 });
    const signed = gen(v2, 'customer_status_change', { customerId: id, status: 2 });
    expect(signed.new_status_id).toBe(2);
    expect(gen(v2, 'customer_status_change', { customerId: id, status: 0 })).toMatchObject({ old_status_id: 2, new_status_id: 0 });

    const v1 = start(4, 'v1');
    const created = gen(v1, 'customer_created');
    const pk = created.pkcustomerid as number;
    expect(gen(v1, 'customer_status_change', { customerId: pk, status: 2 })).toMatchObject({ pkcustomerid: pk, old_status: created.customer_status, new_status: 2 });
    expect(gen(v1, 'customer_status_change', { customerId: pk })).toMatchObject({ old_status: 2 });
  });

  it('names the customer through its project too', () => {
    const emu = start(8);
    const project = gen(emu, 'recent_draft_project');
    const change = gen(emu, 'customer_status_change', { projectId: project.project_id as number, status: 3 });
    expect(change).toMatchObject({ customer_id: project.customer_id, new_status_id: 3 });
  });

  it('refuses the status the customer already has, with a message that says what to do, and changes nothing', () => {
    const emu = start(9);
    const twin = start(9);
    const id = gen(emu, 'customer_created').customer_id as number;
    gen(twin, 'customer_created');
    let err: unknown;
    try {
      emu.catalogue.happen({ type: 'customer_status_change', apiKey: API_KEY, subject: { customerId: id, status: 1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidSubjectError);
    expect((err as Error).message).toBe(
      `Customer ${id} already has status 1 (New Contacts), so it cannot change to it; send another subject.status (0 No Status, 2 Signed, 3 Mega Status) or another customer.`,
    );
    // Same seed, same accepted calls: the refused call moved neither the world, its clock nor the event ids.
    const next = emu.catalogue.happen({ type: 'customer_status_change', apiKey: API_KEY, subject: { customerId: id } });
    const twinNext = twin.catalogue.happen({ type: 'customer_status_change', apiKey: API_KEY, subject: { customerId: id } });
    expect(next).toEqual(twinNext);
    expect(next.id).toBe('evt_2');
    expect(first(next.payload).old_status_id).toBe(1);
  });

  it('without a named customer moves one that is not at the target yet, or a new one that can move', () => {
    const emu = start(12);
    // An empty world: the customer is created silently at No Status, because New Contacts is the target.
    const silent = gen(emu, 'customer_status_change', { status: 1 });
    expect(silent).toMatchObject({ old_status_id: 0, new_status_id: 1 });
    const known = [silent.customer_id, ...[1, 2, 3, 4, 5].map(() => gen(emu, 'customer_created').customer_id)];
    // Six customers not yet Signed: each targeted change takes one of them, never one already Signed.
    const moved = [1, 2, 3, 4, 5, 6].map(() => gen(emu, 'customer_status_change', { status: 2 }));
    expect(moved.every((c) => c.new_status_id === 2 && c.old_status_id === 1)).toBe(true);
    expect(new Set(moved.map((c) => c.customer_id))).toEqual(new Set(known));
    // All are Signed now, so the next one is a new customer, created silently at New Contacts.
    const fresh = gen(emu, 'customer_status_change', { status: 2 });
    expect(known).not.toContain(fresh.customer_id);
    expect(fresh).toMatchObject({ old_status_id: 1, new_status_id: 2 });
    expect(gen(emu, 'customer_status_change', { newCustomer: true, status: 2 })).toMatchObject({ old_status_id: 1, new_status_id: 2 });
  });

  it('answers over HTTP: 409 for the same status or another type, 400 for a status that does not exist', async () => {
    const emu = start(3);
    const created = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created' }).expect(200);
    const customerId = created.body.events[0].payload.customer_id as number;
    const same = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId, status: 1 } }).expect(409);
    expect(same.body).toMatchObject({ code: 'INVALID_SUBJECT', detail: expect.stringContaining('already has status 1 (New Contacts)') });
    const otherType = await request(emu.app).post('/_emulator/events').send({ type: 'project_sms_sent', subject: { customerId, status: 2 } }).expect(409);
    expect(otherType.body.detail).toContain('project_sms_sent does not change a status, so drop subject.status');
    const bad = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId, status: 4 } }).expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_SUBJECT', detail: expect.stringMatching(/^subject\.status: .*status \(customer_status_change: 0, 1, 2 or 3\)/) });
    const ok = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId, status: 2 } }).expect(200);
    expect(ok.body.events[0].payload[0]).toMatchObject({ customer_id: customerId, old_status_id: 1, new_status_id: 2, new_status_name: 'Signed' });
  });
});
