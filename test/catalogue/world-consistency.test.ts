import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError, InvalidSubjectError, UnknownSubjectError } from '../../src/core/errors.js';
import type { EventType } from '../../src/core/event-types.js';
import type { Emulator } from '../../src/emulator.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

type Item = Record<string, unknown>;
let emu: Emulator;
afterEach(() => emu.close());

const first = (payload: unknown): Item => (Array.isArray(payload) ? payload[0] : payload) as Item;
const gen = (type: EventType, subject?: Parameters<Emulator['catalogue']['happen']>[0]['subject'], apiKey = API_KEY) =>
  emu.catalogue.happen({ type, apiKey, subject });

describe('events are transitions in one world', () => {
  it('a status change reports the real previous status, event after event', () => {
    emu = catalogueEmulator(5);
    const created = first(gen('customer_created').payload);
    let status = created.customer_status_id;
    for (let i = 0; i < 20; i++) {
      const change = first(gen('customer_status_change', { customerId: created.customer_id as number }).payload);
      expect(change.customer_id).toBe(created.customer_id);
      expect(change.old_status_id).toBe(status);
      expect(change.new_status_id).not.toBe(status);
      status = change.new_status_id;
    }
  });

  it('a status change without a subject picks a customer that exists, with its real status (v1)', () => {
    // An empty world (no seeded book): every customer the events can be about was created here.
    emu = catalogueEmulator(6, { payloadVersion: 'v1', world: { initialCustomers: 0 } });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10; i++) {
      const c = first(gen('customer_created').payload);
      statuses.set(c.pkcustomerid as number, c.customer_status as number);
    }
    for (let i = 0; i < 60; i++) {
      const change = first(gen('customer_status_change').payload);
      const id = change.pkcustomerid as number;
      // Statuses only move forward unprompted: once every known customer is at Mega Status (3),
      // a change is about a new customer, created silently at its start status.
      if (!statuses.has(id)) {
        expect([...statuses.values()].every((s) => s === 3)).toBe(true);
        expect([0, 1]).toContain(change.old_status);
      } else {
        expect(change.old_status).toBe(statuses.get(id));
      }
      expect(change.new_status as number).toBeGreaterThan(change.old_status as number);
      statuses.set(id, change.new_status as number);
    }
  });

  it('a proposal, its messages and its contract are about a project and customer that earlier events showed', () => {
    // An empty world (no seeded book): every project the events can be about was shown by an earlier event.
    emu = catalogueEmulator(7, { world: { initialCustomers: 0 } });
    const customers = new Map<number, Item>();
    const projects = new Map<number, Item>();
    const types: EventType[] = ['customer_created', 'recent_draft_project', 'published_proposal_link', 'project_email_sent', 'project_sms_sent', 'contract_signed'];
    for (let i = 0; i < 300; i++) {
      const type = types[i % types.length]!;
      const p = first(gen(type).payload);
      if (type === 'customer_created') {
        customers.set(p.customer_id as number, p);
        continue;
      }
      const known = customers.get(p.customer_id as number);
      if (known) {
        expect(p.customer_name).toBe(known.customer_name);
        if ('customer_email' in p) expect(p.customer_email).toBe(known.customer_email);
        if ('site_address' in p) expect(p.site_address).toBe(known.site_address);
        if ('phone_primary' in p) expect(p.phone_primary).toBe(known.phone_primary);
        expect(p.user_id).toBe(known.assigned_user_id);
      }
      const earlier = projects.get(p.project_id as number);
      if (earlier) expect(p.customer_id).toBe(earlier.customer_id);
      if (type === 'published_proposal_link' || type === 'contract_signed') {
        expect(earlier ?? known, `${type} about unknown project ${String(p.project_id)}`).toBeDefined();
      }
      if (type === 'recent_draft_project') projects.set(p.project_id as number, p);
    }
  });

  it('contract_signed signs a published proposal and moves the customer to Signed', () => {
    emu = catalogueEmulator(8);
    const c = gen('customer_created').subject;
    const draft = gen('recent_draft_project', { customerId: c.customerId });
    const published = first(gen('published_proposal_link', { projectId: draft.subject.projectId }).payload);
    const signed = first(gen('contract_signed', { projectId: draft.subject.projectId }).payload);
    expect(signed.proposal_link).toBe(published.proposal_link);
    expect(signed.customer_status_id).toBe(2);
    const change = first(gen('customer_status_change', { customerId: c.customerId }).payload);
    expect(change.old_status_id).toBe(2);
    expect(() => gen('contract_signed', { projectId: draft.subject.projectId })).toThrow(InvalidSubjectError);
    expect(() => gen('recent_draft_project', { projectId: draft.subject.projectId })).toThrow(/already signed/);
  });

  it('creates what an event needs silently when the world has nothing yet', () => {
    emu = catalogueEmulator(9);
    const e = gen('contract_signed');
    expect(e.subject.customerId).toBeGreaterThan(0);
    expect(e.subject.projectId).toBeGreaterThan(0);
    expect(first(e.payload).proposal_link).toMatch(/proposal_\d+\.pdf$/);
    expect(e.id).toBe('evt_1');
  });

  it('keeps each account its own world', () => {
    emu = catalogueEmulator(10, { accounts: [
      { apiKey: 'k1', userId: 1001, userName: 'A One', userEmail: 'a@one.example.com', companyName: 'One Solar', companyId: 1 },
      { apiKey: 'k2', userId: 1002, userName: 'B Two', userEmail: 'b@two.example.com', companyName: 'Two Solar', companyId: 2 },
    ] });
    const a = gen('customer_created', undefined, 'k1');
    expect(first(a.payload).company_name_full).toBe('One Solar');
    expect(() => gen('customer_status_change', { customerId: a.subject.customerId }, 'k2')).toThrow(UnknownSubjectError);
    expect(first(gen('customer_created', undefined, 'k2').payload).assigned_user_email).toMatch(/@two\.example\.com$/);
  });

  it('keeps at most world.maxCustomers customers per account, dropping the oldest with their projects', () => {
    emu = catalogueEmulator(13, { world: { maxCustomers: 100 } });
    const firstCustomer = gen('customer_created').subject.customerId;
    const firstProject = gen('recent_draft_project', { customerId: firstCustomer }).subject.projectId!;
    let last = firstCustomer;
    for (let i = 0; i < 150; i++) last = gen('customer_created').subject.customerId;
    expect(() => gen('customer_status_change', { customerId: firstCustomer })).toThrow(UnknownSubjectError);
    expect(() => gen('project_email_sent', { projectId: firstProject })).toThrow(UnknownSubjectError);
    expect(gen('customer_status_change', { customerId: last }).subject.customerId).toBe(last);
    for (let i = 0; i < 50; i++) expect(gen('published_proposal_link').subject.projectId).not.toBe(firstProject);
  });

  it('refuses subjects that cannot take part, with errors that say what to do', () => {
    emu = catalogueEmulator(12);
    expect(() => gen('customer_status_change', { customerId: 1 })).toThrow(/Customer 1 does not exist.*earlier event/);
    expect(() => gen('project_email_sent', { projectId: 1 })).toThrow(UnknownSubjectError);
    const c = gen('customer_created').subject.customerId;
    expect(() => gen('customer_created', { customerId: c })).toThrow(InvalidSubjectError);
    const other = gen('recent_draft_project', { newCustomer: true }).subject.projectId!;
    expect(() => gen('project_sms_sent', { customerId: c, projectId: other })).toThrow(/belongs to customer/);
    try {
      emu.events.trigger({ type: 'customer_created', apiKey: 'nope' });
      expect.unreachable();
    } catch (err) {
      expect((err as EmulatorError).code).toBe('UNKNOWN_API_KEY');
      expect((err as Error).message).toContain('sp_test_key');
    }
  });
});
