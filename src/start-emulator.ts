import type { ConfigInput } from './config/config-schema.js';
import { loadConfig } from './config/load-config.js';
import type { Clock } from './core/clock.js';
import { ConfigError } from './core/errors.js';
import type { EmulatorDeps } from './emulator.js';
import { nodeHttpSend } from './client/node-http-send.js';
import { createClient, type EmulatorClient } from './client/create-client.js';
import { createEmulator, type Emulator } from './emulator.js';

export interface StartOptions extends ConfigInput, Pick<EmulatorDeps, 'transport' | 'random' | 'logger' | 'lookup'> {
  /** Drive time by hand (e.g. `new ManualClock(...)`); defaults to the real clock. */
  clock?: Clock;
  /** Also read SPMOCK_* env vars and SPMOCK_CONFIG (off by default: tests stay hermetic). */
  useEnv?: boolean;
}

export { ConfigError };

/**
 * Starts an emulator inside this process on a free port (127.0.0.1), silent, with seed 1 unless
 * told otherwise. Options are any config keys; they win over env vars and the config file.
 *
 * @example
 *   const emu = await startEmulator({ seed: 7, delivery: { retry: { schedule: [] } } });
 *   // point the app under test at emu.url, then:
 *   await emu.close();
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { clock, transport, random, logger, lookup, useEnv, ...overrides } = options;
  const loaded = loadConfig({
    env: useEnv ? process.env : {},
    overrides: { port: 0, logLevel: 'silent', seed: 1, ...overrides },
  });
  if (!loaded.ok) throw new ConfigError(loaded.problems);
  const emulator = createEmulator(loaded.config, { clock, transport, random, logger, lookup });
  const url = await emulator.listen();
  const token = emulator.config.get().adminToken;
  const ca = emulator.tlsCertificate?.pem;
  // In this process, over plain HTTP: calls go through node:http with a kept-alive agent, not fetch (less garbage per call).
  const client = createClient(url, { apiKey: emulator.accounts.primary().apiKey, ...(token === undefined ? {} : { token }), ...(ca === undefined ? { send: nodeHttpSend() } : { ca }) });
  return {
    ...client,
    emulator,
    reset: () => emulator.reset(),
    close: () => emulator.close(),
  };
}

/**
 * The same operations as `createClient(url)` (trigger, deliveries.waitFor, config.update, ...),
 * plus the emulator's parts and `close()`.
 */
export interface RunningEmulator extends EmulatorClient {
  /** Base URL, e.g. `http://127.0.0.1:43121`; the Solar Proof API is at `${url}/apidata.php`. */
  url: string;
  /** The first account's API key (`sp_test_key` unless configured otherwise). */
  apiKey: string;
  /** The parts, for advanced use (e.g. `emulator.subscriptions`, `emulator.delivery`). */
  emulator: Emulator;
  /** Back to the start state with the same seed. */
  reset(): Promise<void>;
  /** Cancels pending deliveries and schedules and stops the server; nothing is left running. */
  close(): Promise<void>;
}
