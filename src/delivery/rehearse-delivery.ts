import { systemClock } from '../core/clock.js';
import type { AccountEvent } from '../core/event.js';
import { createRandom } from '../core/random.js';
import type { DeliveryEngine, DeliveryEngineDeps } from './delivery-engine-api.js';
import type { Transport } from './transport.js';

/** The rehearsal's one event: its key is no account's, and it goes nowhere. */
const REHEARSAL: AccountEvent = { id: 'evt_rehearsal', type: 'customer_created', apiKey: 'rehearsal', payloadVersion: 'v2', payload: {}, body: '{}', occurredAt: '', subject: { customerId: 0 } };

/** Answers 200 at once; sends nothing. */
const answersAtOnce: Transport = {
  send: () => ({ result: Promise.resolve({ kind: 'response', status: 200, durationMs: 0, responseBody: '' }), cancel: () => undefined }),
  close: () => undefined,
};

/**
 * One delivery through a sandbox engine that `make` (the engine's own factory: the same code)
 * builds with the settings in force, so the path from a new delivery to the transport and back
 * (journal, planning, the concurrency slot, the attempt runner, the record, the settlement) is
 * compiled before the first real delivery runs it. Run for the first time by that delivery, it
 * made the first delivery of a schedule ~6 ms later after its moment than the next ones, beside
 * two CPU burners (decision 0042). The sandbox has its own journal, counts, random stream,
 * subscription and a silent logger, the system clock, and a transport that answers at once:
 * nothing is sent, and the emulator's journal, stream, counts, draws and clock see nothing. It is
 * closed on the next turn (which cancels a configured latency's or retry's timer). A failure is
 * ignored: the first delivery then compiles the path itself, as before.
 *
 * @example rehearseDelivery(createDeliveryEngine, deps)
 */
export function rehearseDelivery(make: (deps: DeliveryEngineDeps) => DeliveryEngine, deps: Pick<DeliveryEngineDeps, 'settings' | 'logger'>): void {
  try {
    const subscription = { id: 'sub_rehearsal', apiKey: REHEARSAL.apiKey, hookUrl: 'http://127.0.0.1:9/rehearsal', type: REHEARSAL.type, createdAt: '' };
    const sandbox = make({
      settings: deps.settings,
      onSettingsChange: () => undefined,
      wallClock: systemClock,
      clock: systemClock,
      random: createRandom(0),
      transport: answersAtOnce,
      logger: deps.logger.child({}, { level: 'silent' }),
      subscriptions: { list: () => [subscription], unsubscribe: () => [], onRemoved: () => undefined },
    });
    sandbox.deliver(REHEARSAL);
    setImmediate(() => sandbox.close()).unref();
  } catch {
    // Nothing to undo: the sandbox touched nothing of the emulator's.
  }
}
