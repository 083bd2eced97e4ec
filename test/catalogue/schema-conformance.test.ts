import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { eventTypesFor, PAYLOAD_VERSIONS } from '../../src/core/event-types.js';
import type { Emulator } from '../../src/emulator.js';
import { catalogueEmulator } from './catalogue-harness.js';
import { realismProblems } from './realism-rules.js';

let open: Emulator[] = [];
afterEach(async () => {
  await Promise.all(open.map((e) => e.close()));
  open = [];
});

describe.each(PAYLOAD_VERSIONS)('every generated %s payload', (version) => {
  const types = eventTypesFor(version);

  it('conforms to its schema and the realism rules, for any seed and any order of events', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 25 }),
        (seed, sequence) => {
          const emu = catalogueEmulator(seed, { payloadVersion: version });
          open.push(emu);
          for (const type of sequence) {
            const [event] = emu.events.trigger({ type }).events;
            const schema = emu.catalogue.schemaFor(type, version)!;
            const parsed = schema.safeParse(event!.payload);
            if (!parsed.success) throw new Error(`seed ${seed}: ${type} ${version} breaks its schema: ${parsed.error.message}`);
            const items = Array.isArray(event!.payload) ? event!.payload : [event!.payload];
            expect(Array.isArray(event!.payload)).toBe(version === 'v2' && type !== 'customer_created');
            for (const item of items) {
              expect(realismProblems(item as Record<string, unknown>, version), `seed ${seed}, ${type}`).toEqual([]);
            }
            expect(event!.body).toBe(JSON.stringify(event!.payload));
          }
        },
      ),
      { numRuns: Number(process.env.SPMOCK_PROPERTY_RUNS ?? 40) },
    );
  });
});

describe('customer_created v2', () => {
  it('has the 21 documented fields in the documented order, as a single object', () => {
    const emu = catalogueEmulator(3);
    open.push(emu);
    const payload = emu.events.trigger({ type: 'customer_created' }).events[0]!.payload;
    expect(Array.isArray(payload)).toBe(false);
    expect(Object.keys(payload as object)).toEqual([
      'customer_id', 'customer_uid', 'first_name', 'surname', 'customer_name', 'phone_primary', 'phone_secondary',
      'customer_email', 'company_name', 'company_phone', 'abn', 'gst_registered', 'customer_type_id',
      'customer_status_id', 'site_address', 'customer_created_at', 'customer_notes', 'assigned_user_id',
      'assigned_user_name', 'assigned_user_email', 'company_name_full',
    ]);
  });

  it('v1 has the 6 documented fields', () => {
    const emu = catalogueEmulator(3, { payloadVersion: 'v1' });
    open.push(emu);
    const payload = emu.events.trigger({ type: 'customer_created' }).events[0]!.payload;
    expect(Object.keys(payload as object)).toEqual(['pkcustomerid', 'fkuserid', 'customer_email', 'customer_name', 'customer_type', 'customer_status']);
  });
});
