import type { EventType } from '../../src/core/event-types.js';
import { configSchema, type ConfigInput } from '../../src/config/config-schema.js';
import { DEFAULT_API_KEY } from '../../src/core/account.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import type { AccountEvent } from '../../src/core/event.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

export const SEED = 4242;

export interface DeliveryHarness {
  emu: Emulator;
  receiver: TestReceiver;
  /** Subscribes `path` on the receiver (default `/hook`) to `type`; returns the hook URL. */
  subscribe(path?: string, type?: EventType, apiKey?: string): string;
  /** A hand-built event (the catalogue's emitEvents is not needed to test delivery). */
  event(type?: EventType, payload?: unknown, apiKey?: string): AccountEvent;
  /** dispatch(event()) for convenience: returns the delivery ids. */
  send(type?: EventType, payload?: unknown): string[];
  close(): Promise<void>;
}

/**
 * An emulator (silent logs, fixed seed, no retries unless configured) and a recording receiver.
 * Tests drive `emu.delivery.dispatch` directly, with events they build.
 */
export async function startDeliveryHarness(config: ConfigInput = {}): Promise<DeliveryHarness> {
  const parsed = configSchema.parse({ logLevel: 'silent', port: 0, seed: SEED, ...config });
  const emu = createEmulator({ ...parsed, seed: SEED });
  const receiver = await startTestReceiver();
  let eventCounter = 0;
  const harness: DeliveryHarness = {
    emu,
    receiver,
    subscribe(path = '/hook', type = 'customer_created', apiKey = DEFAULT_API_KEY) {
      const hookUrl = receiver.hookUrl(path);
      emu.subscriptions.subscribe(apiKey, hookUrl, type);
      return hookUrl;
    },
    event(type = 'customer_created', payload = { customer_id: eventCounter + 1, n: eventCounter + 1 }, apiKey = DEFAULT_API_KEY) {
      eventCounter++;
      return {
        id: `evt_t${eventCounter}`,
        type,
        apiKey,
        payloadVersion: 'v2',
        payload,
        body: JSON.stringify(payload),
        occurredAt: '2026-01-01T00:00:00.000Z',
        subject: { customerId: eventCounter },
      };
    },
    send(type, payload) {
      return emu.delivery.deliver(harness.event(type, payload));
    },
    async close() {
      await emu.close();
      await receiver.close();
    },
  };
  return harness;
}
