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
      for (const type of EXAMPLE_ORDER.slice(1).filter((t) => eventTypesFor(version).includes(t))) {
        const e = emu.catalogue.happen({ type, apiKey, subject: { customerId: created.subject.customerId, projectId } });
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
