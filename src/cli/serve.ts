import { createEmulator } from '../emulator.js';
import { loadConfig } from '../config/load-config.js';
import { helpText, parseServeArgs } from './args.js';
import { VERSION } from '../core/version.js';
import { flushLogs } from '../core/logger.js';

/** Exit codes: 0 clean stop, 1 could not listen, 2 invalid configuration or flags. */
export async function serve(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const args = parseServeArgs(argv, env);
  if (args.help) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const loaded = loadConfig(args.sources);
  if (!loaded.ok) {
    process.stderr.write(`solarproof-mock: invalid configuration, nothing started:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  let emu: ReturnType<typeof createEmulator>;
  try {
    emu = createEmulator(loaded.config);
  } catch (err) {
    // What the schema cannot check alone (a templates file, scenario files, a schedule's apiKey
    // among the keys) fails here: a configuration problem, so its message and exit 2, not a stack.
    process.stderr.write(`solarproof-mock: invalid configuration, nothing started:\n  - ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let url: string;
  try {
    url = await emu.listen();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const { host, port } = loaded.config;
    const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : `${e.code ?? ''} ${e.message}`;
    process.stderr.write(`solarproof-mock: cannot listen on ${host}:${port}: ${why}\n`);
    await emu.close();
    return 1;
  }
  // The first stdout line is a contract: tools read the URL from it.
  process.stdout.write(`solarproof-mock listening on ${url}\n`);
  emu.logger.info(
    { seed: emu.seed, payloadVersion: loaded.config.payloadVersion, apiKeys: loaded.config.accounts.map((a) => a.apiKey) },
    loaded.seedWasPicked ? `no seed given; using seed ${emu.seed} (pass --seed ${emu.seed} to reproduce this run)` : 'started',
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal: stop now, whatever is in flight.
        process.stderr.write(`solarproof-mock: ${signal} again, exiting at once\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      const graceMs = emu.config.get().shutdownGraceMs;
      emu.logger.info({ signal, graceMs }, `stopping: no new work; attempts in flight get up to ${graceMs} ms to finish (send ${signal} again to exit at once)`);
      void emu
        .drain(graceMs)
        .then(async ({ finished, cutOff }) => {
          emu.logger.info({ finished, cutOff }, 'stopped');
          await flushLogs(emu.logger);
        })
        .then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
