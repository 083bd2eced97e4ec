import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createEmulator } from '../emulator.js';
import { loadConfig } from '../config/load-config.js';
import { helpText, parseServeArgs } from './args.js';
import { VERSION } from '../core/version.js';
import { flushLogs } from '../core/logger.js';
import { EmulatorError } from '../core/errors.js';
import { DataDirError } from '../state/data-dir.js';
import { InvalidStateError } from '../state/emulator-state.js';
import { deliveriesHar } from '../http/control/delivery-har.js';
import { settleHeapAfterBursts } from './heap-settle.js';
import { endLeanStartOnWork } from './lean-start.js';

/** Loads a state document from `file`; a message listing the problems when it cannot. */
function importFile(emu: ReturnType<typeof createEmulator>, file: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return `  - ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`;
  }
  try {
    emu.importState(doc);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidStateError) return err.problems.map((p) => `  - ${p}`).join('\n');
    throw err;
  }
}

/** Writes the state document to `file` (atomically: a temporary file renamed over it). */
function exportFile(emu: ReturnType<typeof createEmulator>, file: string): void {
  try {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(emu.exportState()));
    renameSync(tmp, file);
    emu.logger.info({ file }, 'state exported');
  } catch (err) {
    process.stderr.write(`solarproof-mock: could not export the state to ${file}: ${(err as Error).message}\n`);
  }
}

/** `--export-har-on-exit`: the whole journal as HAR 1.2, written whole or not at all. */
function exportHar(emu: ReturnType<typeof createEmulator>, file: string): void {
  try {
    const settings = emu.config.get().delivery;
    const { deliveries } = emu.delivery.query({}, { limit: Number.MAX_SAFE_INTEGER, order: 'asc' });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(deliveriesHar(deliveries, settings)));
    renameSync(tmp, file);
    emu.logger.info({ file }, 'deliveries exported as HAR');
  } catch (err) {
    process.stderr.write(`solarproof-mock: could not export the deliveries as HAR to ${file}: ${(err as Error).message}\n`);
  }
}

/** The second stdout line with --tls: where the certificate is, and how to trust it. */
function tlsLine(c: { file: string; origin: string }): string {
  const how = c.origin === 'given' ? 'given' : c.origin === 'kept' ? 'self-signed, kept in the data dir' : 'self-signed, made at start';
  return `TLS certificate (${how}): ${c.file} (trust it: curl --cacert ${c.file}; NODE_EXTRA_CA_CERTS=${c.file}; createClient(url, { ca }))`;
}

/**
 * Exit codes: 0 clean stop, 1 could not listen, 2 invalid configuration or flags. `started` is
 * called once the server listens and its first stdout line is written (the bin's code cache, 0046).
 */
export async function serve(argv: readonly string[], env: Record<string, string | undefined>, started?: () => void): Promise<number> {
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
    if (err instanceof DataDirError) {
      process.stderr.write(`solarproof-mock: cannot use the data dir, nothing started:\n  - ${err.message}\n`);
      return 2;
    }
    // What the schema cannot check alone (a templates file, scenario files, a schedule's apiKey
    // among the keys) fails here as an EmulatorError: a configuration problem, so its message and
    // exit 2, not a stack. Anything else is a bug of ours, and says so.
    if (err instanceof EmulatorError) {
      process.stderr.write(`solarproof-mock: invalid configuration, nothing started:\n  - ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`solarproof-mock: internal error while starting (a bug; please report it with this output):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
  if (loaded.config.importFile !== undefined) {
    const problem = importFile(emu, loaded.config.importFile);
    if (problem !== undefined) {
      process.stderr.write(`solarproof-mock: cannot import ${loaded.config.importFile}, nothing started:\n${problem}\n`);
      await emu.close();
      return 2;
    }
  }
  let url: string;
  try {
    url = await emu.listen();
  } catch (err) {
    if (err instanceof EmulatorError) {
      // A --tls-cert or --tls-key that cannot be read: a configuration problem.
      process.stderr.write(`solarproof-mock: invalid configuration, nothing started:\n  - ${err.message}\n`);
      await emu.close();
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    const { host, port } = loaded.config;
    const why = e.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : `${e.code ?? ''} ${e.message}`;
    process.stderr.write(`solarproof-mock: cannot listen on ${host}:${port}: ${why}\n`);
    await emu.close();
    return 1;
  }
  // The first stdout line is a contract: tools read the URL from it.
  process.stdout.write(`solarproof-mock listening on ${url}\n`);
  if (emu.tlsCertificate) process.stdout.write(`${tlsLine(emu.tlsCertificate)}\n`);
  started?.();
  emu.logger.info(
    { seed: emu.seed, payloadVersion: loaded.config.payloadVersion, apiKeys: loaded.config.accounts.map((a) => a.apiKey) },
    loaded.seedWasPicked ? `no seed given; using seed ${emu.seed} (pass --seed ${emu.seed} to reproduce this run)` : 'started',
  );
  // After a burst of deliveries, V8's garbage goes back to the system (decisions/0029).
  const settler = settleHeapAfterBursts(() => {
    const s = emu.delivery.stats();
    return { created: s.total, pending: s.pending };
  }, emu.logger);
  // Lean since main() (decision 0043): the first work gives V8 its defaults back.
  const leanStart = endLeanStartOnWork(() => emu.delivery.stats().total);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal: stop now, whatever is in flight.
        process.stderr.write(`solarproof-mock: ${signal} again, exiting at once\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      settler.stop();
      leanStart.stop();
      const graceMs = emu.config.get().shutdownGraceMs;
      emu.logger.info({ signal, graceMs }, `stopping: no new work; attempts in flight get up to ${graceMs} ms to finish (send ${signal} again to exit at once)`);
      void emu
        .drain(graceMs)
        .then(async ({ finished, cutOff }) => {
          emu.logger.info({ finished, cutOff }, 'stopped');
          if (loaded.config.exportOnExit !== undefined) exportFile(emu, loaded.config.exportOnExit);
          if (loaded.config.exportHarOnExit !== undefined) exportHar(emu, loaded.config.exportHarOnExit);
          await flushLogs(emu.logger);
        })
        .then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
