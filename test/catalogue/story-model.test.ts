import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import { configSchema } from '../../src/config/config-schema.js';
import { completeSite } from '../../src/world/site-address.js';
import { stcZone } from '../../src/world/au-places.js';
import { batteryStcFactor } from '../../src/world/solar-products.js';
import { auditStory } from '../support/story-audit.js';

const ZERO = { messageContradictsStage: 0, messageWrongSite: 0, relativeLinkInMessage: 0, unannouncedStatusChange: 0, megaStatusLost: 0, signedWithoutSignedProject: 0, batteryInverterMismatch: 0, stcZoneWrong: 0, outsideSiteBusinessHours: 0 };

describe('one story per customer (the stage model, docs/events.md)', () => {
  it.each([3, 4])('over 1 200 seeded triggers (seed %i), no message, status or quote contradicts its project', (seed) => {
    const counts = auditStory(seed, 1200);
    expect(counts.events, `seed ${seed}`).toBeGreaterThan(1200);
    expect(counts, `seed ${seed}`).toMatchObject(ZERO);
  });

  it('contract_signed announces the move to Signed, and a Mega Status customer stays Mega Status', () => {
    const emu = createEmulator({ ...configSchema.parse({ logLevel: 'silent', world: { initialCustomers: 0 } }), seed: 7 });
    const signed = emu.events.trigger({ type: 'contract_signed', subject: { newCustomer: true } }).events;
    expect(signed.map((e) => e.type)).toEqual(['contract_signed', 'customer_status_change']);
    expect((signed[1]!.payload as Array<Record<string, unknown>>)[0]).toMatchObject({ old_status_id: 1, new_status_id: 2 });
    const id = emu.events.trigger({ type: 'customer_created' }).events[0]!.subject.customerId;
    emu.events.trigger({ type: 'customer_status_change', subject: { customerId: id, status: 3 } });
    const mega = emu.events.trigger({ type: 'contract_signed', subject: { customerId: id } }).events;
    expect(mega.map((e) => e.type)).toEqual(['contract_signed']);
    expect(emu.catalogue.world().account('sp_test_key').customers.get(id)!.status).toBe(3);
    // A change to Signed signs a project of the customer (its contract_signed follows).
    const other = emu.events.trigger({ type: 'customer_created' }).events[0]!.subject.customerId;
    const toSigned = emu.events.trigger({ type: 'customer_status_change', subject: { customerId: other, status: 2 } }).events;
    expect(toSigned.map((e) => e.type)).toEqual(['customer_status_change', 'contract_signed']);
    void emu.close();
  });

  it('a partial site is completed from the world places, never the customer address; or refused naming the field', () => {
    expect(completeSite({ street: 'Mono Drive', suburb: 'Brisbane' })).toMatchObject({ street: 'Mono Drive', suburb: 'Brisbane', state: 'QLD', postcode: '4000' });
    expect(completeSite({ postcode: '3500' })).toMatchObject({ suburb: 'Mildura', state: 'VIC' });
    expect(completeSite({ street: 'Mono Drive' })).toMatchObject({ field: 'site_suburb' });
    expect(completeSite({ suburb: 'Atlantis' })).toMatchObject({ field: 'site_suburb' });
    expect(completeSite({ suburb: 'Brisbane', state: 'QLD', postcode: '3128' })).toMatchObject({ field: 'site_postcode' });
  });

  it('STC zones follow postcodes (Mildura is not Melbourne) and the battery factor steps down by date', () => {
    expect([stcZone('3000'), stcZone('3500'), stcZone('0870'), stcZone('0810'), stcZone('4000')]).toEqual([4, 3, 1, 2, 3]);
    expect(batteryStcFactor(Date.UTC(2025, 5, 1))).toBe(0);
    expect(batteryStcFactor(Date.UTC(2025, 7, 1))).toBe(8.4);
    expect(batteryStcFactor(Date.UTC(2026, 5, 1))).toBeLessThan(8.4);
  });

  it('payloadStyle php keeps customer_created integers as documented, and escapes slashes', () => {
    const emu = createEmulator({ ...configSchema.parse({ logLevel: 'silent', payloadStyle: 'php' }), seed: 3 });
    const created = emu.events.trigger({ type: 'customer_created' }).events[0]!;
    expect(created.payload).toMatchObject({ customer_id: expect.any(Number), gst_registered: expect.any(Number), customer_type_id: expect.any(Number), customer_status_id: expect.any(Number) });
    const draft = emu.events.trigger({ type: 'recent_draft_project' }).events[0]!;
    expect((draft.payload as Array<Record<string, unknown>>)[0]!.project_id).toEqual(expect.any(String));
    void emu.close();
  });
});
