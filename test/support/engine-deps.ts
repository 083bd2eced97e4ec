import { configSchema, type ConfigInput } from '../../src/config/config-schema.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { scaledClock, type ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { createRandom } from '../../src/core/random.js';
import type { DeliveryEngineDeps } from '../../src/delivery/delivery-engine-api.js';
import type { Transport } from '../../src/delivery/transport.js';
import { SubscriptionStore } from '../../src/solarproof/subscription-store.js';

/**
 * The delivery engine's declared deps as the composition root (src/emulator.ts) builds them, for a
 * test of the engine alone: settings from `config` (logs silent), a real subscription store on
 * `clock`, that clock scaled by the settings' `timeScale`, a random stream seeded `seed`, and
 * `transport`. Answers the subscription store too, for the test to subscribe with.
 */
export function engineDeps(config: ConfigInput, clock: ManualClock, transport: Transport, seed: number): { deps: DeliveryEngineDeps; subscriptions: SubscriptionStore } {
  const settings = new ConfigStore(configSchema.parse({ logLevel: 'silent', ...config }));
  const subscriptions = new SubscriptionStore(() => clock.now());
  const deps: DeliveryEngineDeps = {
    settings: () => ({ ...settings.get().delivery, timeScale: settings.get().timeScale }),
    onSettingsChange: (listener) => settings.onChange(listener),
    wallClock: clock,
    clock: scaledClock(clock, () => settings.get().timeScale),
    random: createRandom(seed),
    transport,
    logger: createLogger('silent'),
    subscriptions,
  };
  return { deps, subscriptions };
}
