import { EXAMPLE_ORDER } from '../src/catalogue/catalogue-core.js';
import { eventTypesFor, PAYLOAD_VERSIONS, type EventType, type PayloadVersion } from '../src/core/event-types.js';
import { configSchema } from '../src/config/config-schema.js';
import { createEmulator } from '../src/emulator.js';

/** The seed behind every file in fixtures/ (one payload per type and version). */
export const FIXTURE_SEED = 2026;

/**
 * One payload per (type, version), telling one commercial customer's story from lead to signed
 * contract, so the fixtures agree with each other the way real events do.
 */
export async function fixturePayloads(): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const version of PAYLOAD_VERSIONS) {
    const emu = createEmulator({ ...configSchema.parse({ logLevel: 'silent', payloadVersion: version }), seed: FIXTURE_SEED });
    try {
      const apiKey = emu.accounts.primary().apiKey;
      const created = emu.catalogue.happen({ type: 'customer_created', apiKey, subject: { customerType: 'COMMERCIAL' } });
      out.set(fixtureName('customer_created', version), created.payload);
      let projectId: number | undefined;
      // The status change last: after the signing (which made the customer Signed), the customer moves on to Mega Status.
      const story = [...EXAMPLE_ORDER.slice(1).filter((t) => t !== 'customer_status_change'), 'customer_status_change' as const];
      for (const type of story.filter((t) => eventTypesFor(version).includes(t))) {
        const subject = type === 'customer_status_change' ? { customerId: created.subject.customerId } : { customerId: created.subject.customerId, projectId };
        const e = emu.catalogue.happen({ type, apiKey, subject });
        projectId ??= e.subject.projectId;
        out.set(fixtureName(type, version), e.payload);
      }
    } finally {
      await emu.close();
    }
  }
  return out;
}

/** `customer_created.v2.json` */
export function fixtureName(type: EventType, version: PayloadVersion): string {
  return `${type}.${version}.json`;
}
