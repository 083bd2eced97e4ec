import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../start-emulator.js';
import { EVENT_TYPES } from '../core/event-types.js';
import type { EventPayload, PayloadItem, PayloadMap } from './payload-types.js';

// The expectTypeOf lines are checked by `npm run typecheck` (tsc covers src/**); the runtime
// tests below check that what the typed trigger promises is what the emulator sends.
describe('payload types', () => {
  it('reads each (type, version) from the schemas', () => {
    expectTypeOf<PayloadItem<'customer_created'>['customer_id']>().toEqualTypeOf<number>();
    expectTypeOf<EventPayload<'customer_created'>>().toEqualTypeOf<PayloadItem<'customer_created', 'v2'>>();
    expectTypeOf<EventPayload<'project_sms_sent'>>().toEqualTypeOf<PayloadItem<'project_sms_sent'>[]>();
    expectTypeOf<EventPayload<'customer_status_change', 'v2'>[number]['new_status_id']>().toEqualTypeOf<number>();
    expectTypeOf<EventPayload<'customer_created', 'v1'>>().toHaveProperty('pkcustomerid').toEqualTypeOf<number>();
    expectTypeOf<EventPayload<'customer_created', 'v1'>>().not.toHaveProperty('customer_id');
    expectTypeOf<EventPayload<'customer_status_change', 'v1'>>().not.toBeArray();
    expectTypeOf<EventPayload<'customer_created', 'v2'>['customer_type_id']>().toEqualTypeOf<number>();
    expectTypeOf<EventPayload<'recent_draft_project'>[number]['is_draft']>().toEqualTypeOf<1>();
    expectTypeOf<EventPayload<'recent_draft_project'>[number]['phase_supply']>().toEqualTypeOf<'Single' | 'Three'>();
    expectTypeOf<EventPayload<'contract_signed', 'v1'>>().toBeNever();
    expectTypeOf<PayloadItem<'contract_signed', 'v1'>>().toBeNever();
    expectTypeOf<EventPayload<'contract_signed'>[number]['proposal_status']>().toEqualTypeOf<'signed'>();
    expectTypeOf<keyof PayloadMap['v1']>().toEqualTypeOf<Exclude<(typeof EVENT_TYPES)[number], 'contract_signed'>>();
    expectTypeOf<keyof PayloadMap['v2']>().toEqualTypeOf<(typeof EVENT_TYPES)[number]>();
    expectTypeOf<PayloadMap['v1']['customer_created']>().toEqualTypeOf<EventPayload<'customer_created', 'v1'>>();
    // A union of types gives the union of their payloads.
    expectTypeOf<EventPayload<'customer_created' | 'project_sms_sent'>>().toEqualTypeOf<
      EventPayload<'customer_created'> | EventPayload<'project_sms_sent'>
    >();
  });
});

describe('typed trigger', () => {
  const running: RunningEmulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });

  it('types a v2 payload that matches what the emulator sends', async () => {
    const sp = await startEmulator({ seed: 3 });
    running.push(sp);
    const created = await sp.trigger('customer_created');
    const customerId = created.events[0]!.payload.customer_id;
    expectTypeOf(customerId).toEqualTypeOf<number>();
    expect(typeof customerId).toBe('number');
    expect(sp.emulator.catalogue.schemaFor('customer_created', 'v2')!.safeParse(created.events[0]!.payload).success).toBe(true);

    const change = await sp.trigger('customer_status_change', { subject: { customerId, status: 2 } });
    const [item] = change.events[0]!.payload;
    expectTypeOf(item!.new_status_name).toEqualTypeOf<string>();
    expect(change.events[0]!.payload).toHaveLength(1);
    expect(item).toMatchObject({ customer_id: customerId, old_status_id: 1, new_status_id: 2, new_status_name: 'Signed' });
  });

  it('types a v1 payload when asked for v1', async () => {
    const sp = await startEmulator({ seed: 3, payloadVersion: 'v1' });
    running.push(sp);
    const { events } = await sp.trigger<'customer_created', 'v1'>('customer_created');
    const payload = events[0]!.payload;
    expectTypeOf(payload.pkcustomerid).toEqualTypeOf<number>();
    expectTypeOf(payload.customer_type).toEqualTypeOf<'RESIDENTIAL' | 'COMMERCIAL' | 'LARGE-SCALE'>();
    expect(Array.isArray(payload)).toBe(false);
    expect(sp.emulator.catalogue.schemaFor('customer_created', 'v1')!.parse(payload)).toEqual(payload);
    expect(typeof payload.pkcustomerid).toBe('number');
  });
});
