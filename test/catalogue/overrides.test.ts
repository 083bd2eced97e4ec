import { afterEach, describe, expect, it } from 'vitest';
import { OverrideError } from '../../src/core/errors.js';
import type { Emulator } from '../../src/emulator.js';
import { API_KEY, catalogueEmulator } from './catalogue-harness.js';

let emu: Emulator;
afterEach(() => emu.close());

function overrideError(fn: () => unknown): OverrideError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OverrideError) return err;
    throw err;
  }
  throw new Error('expected an OverrideError');
}

describe('overrides', () => {
  it('replace fields of a single-object payload and keep the rest and their order', () => {
    emu = catalogueEmulator(1);
    const e = emu.events.trigger({ type: 'customer_created', overrides: { customer_email: 'qa@example.org', gst_registered: 1 } }).events[0]!;
    const p = e.payload as Record<string, unknown>;
    expect(p.customer_email).toBe('qa@example.org');
    expect(p.gst_registered).toBe(1);
    expect(Object.keys(p)).toHaveLength(21);
    expect(Object.keys(p)[7]).toBe('customer_email');
    expect(e.body).toContain('"customer_email":"qa@example.org"');
  });

  it('merge into each element of an array payload', () => {
    emu = catalogueEmulator(1);
    const [e] = emu.events.trigger({ type: 'project_sms_sent', overrides: { sms_message: 'Test' } }).events;
    expect(e!.payload).toEqual([expect.objectContaining({ sms_message: 'Test', project_id: expect.any(Number) })]);
  });

  it('apply to every event of a count', () => {
    emu = catalogueEmulator(1);
    const events = emu.events.trigger({ type: 'customer_created', count: 3, overrides: { customer_notes: 'x' } }).events;
    expect(events.map((e) => (e.payload as { customer_notes: string }).customer_notes)).toEqual(['x', 'x', 'x']);
  });

  it('that break the schema name the field, and change nothing in the world', () => {
    // An empty world (no seeded book), so the world's first customer gets the first id.
    emu = catalogueEmulator(1, { world: { initialCustomers: 0 } });
    const err = overrideError(() => emu.events.trigger({ type: 'customer_created', overrides: { customer_id: 'x' } }));
    expect(err.field).toBe('customer_id');
    expect(err.code).toBe('INVALID_OVERRIDE');
    expect(overrideError(() => emu.events.trigger({ type: 'customer_created', overrides: { customer_type_id: 7 } })).field).toBe('customer_type_id');
    expect(overrideError(() => emu.events.trigger({ type: 'recent_draft_project', overrides: { is_draft: 0 } })).field).toBe('is_draft');
    const unknown = overrideError(() => emu.events.trigger({ type: 'customer_created', overrides: { customer_phone: '1' } }));
    expect(unknown.message).toContain('not a field of customer_created v2');
    expect(unknown.message).toContain('phone_primary');
    // Nothing happened: the next event is still the world's first.
    const first = emu.events.trigger({ type: 'customer_created' }).events[0]!;
    expect(first.id).toBe('evt_1');
    expect((first.payload as { customer_id: number }).customer_id).toBe(79_460);
  });

  it('that are an object where the schema has a number are refused before anything happens', () => {
    emu = catalogueEmulator(1);
    expect(overrideError(() => emu.catalogue.happen({ type: 'customer_created', apiKey: API_KEY, overrides: { customer_id: { a: 1 } } })).field).toBe('customer_id');
    expect(emu.catalogue.happen({ type: 'customer_created', apiKey: API_KEY }).id).toBe('evt_1');
  });
});
