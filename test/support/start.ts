import { afterEachTest } from './cleanup.js';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../src/start-emulator.js';

const running: RunningEmulator[] = [];

/** Starts an emulator for one test on 127.0.0.1:0 (seed 1, silent); closed after the test. */
export async function startForTest(options: StartOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator(options);
  running.push(emu);
  return emu;
}

afterEachTest(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});
