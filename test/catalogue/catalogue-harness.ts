import { configSchema, type ConfigInput } from '../../src/config/config-schema.js';
import type { EmulatorDeps } from '../../src/emulator.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';

/** An emulator for catalogue tests: silent, seeded, never listening unless a test asks. */
export function catalogueEmulator(seed: number, config: ConfigInput = {}, deps: EmulatorDeps = {}): Emulator {
  return createEmulator({ ...configSchema.parse({ logLevel: 'silent', ...config }), seed }, deps);
}

export const API_KEY = 'sp_test_key';
