import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { createClient } from '../client/create-client.js';
import type { CheckReport, CheckRequest } from '../contract/check-schemas.js';
import { EVENT_TYPES, PAYLOAD_VERSIONS, type EventType, type PayloadVersion } from '../core/event-types.js';
import { checkTable, progressLine } from './check-table.js';
import { defineSubcommand, type Output } from './define-subcommand.js';

export const CHECK_HELP = `Usage:
  solarproof-mock check --forward-to URL [--types a,b] [--versions v1,v2] [--seed N]
                        [--timeout MS] [--burst N] [--api-key KEY] [--junit FILE] [--json FILE] [--url URL]

Checks that a receiver is ready for Solar Proof (docs/check.md): every event type in every payload
version answered 2xx within the deadline, retries and duplicates, events out of order, unknown
fields, nulls and non-ASCII names, the largest payloads, a burst, a slow body, a malformed body and
a wrong Content-Type, and still alive at the end. Without --url it starts its own emulator in
this process; with --url it runs on that emulator (its journal and dashboard show every delivery).

  --forward-to URL   the receiver; {type} becomes the event type (one URL per type)
  --types a,b        the event types it handles (default: all)
  --versions v1,v2   the payload versions to send (default: both)
  --seed N           the check's choices, and the in-process emulator's seed (default 1)
  --timeout MS       the deadline per answer (default 5000, as Solar Proof documents)
  --burst N          deliveries sent at once by the burst case (default 50)
  --api-key KEY      the account events happen in; the receiver's data-API calls with it are shown
  --junit FILE       write the report as JUnit XML (for CI)
  --json FILE        write the report as JSON
  --url URL          a running emulator to use (default: start one in this process)
  --admin-token T    the running emulator's admin token (or $SPMOCK_ADMIN_TOKEN)

Exit codes: 0 every case passed, 1 a case failed, 2 could not run (bad flags, nothing listening).`;

function list<T extends string>(raw: string | undefined, known: readonly T[], flag: string): T[] | string | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !(known as readonly string[]).includes(i));
  if (items.length === 0 || bad.length > 0) return `${flag} takes a comma-separated list of ${known.join(', ')}; got "${raw}"`;
  return items as T[];
}

function whole(raw: string | undefined, flag: string, min: number, max: number): number | string | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : `${flag} must be a whole number from ${min} to ${max}; got "${raw}"`;
}

/** Resolves with a one-line problem when nothing accepts a connection at the receiver's address, else undefined. */
function probe(forwardTo: string, timeoutMs = 1500): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(forwardTo.replaceAll('{type}', 'type'));
  } catch {
    return Promise.resolve(`--forward-to "${forwardTo}" is not a URL`);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`nothing answered at ${url.host} within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => done(`nothing is listening at ${url.host} (${e.code ?? e.message})`));
  });
}

/** `solarproof-mock check --forward-to URL`: grades a receiver; exit 0 all passed, 1 a case failed, 2 could not run. */
export const runCheck = defineSubcommand({
  name: 'check',
  help: CHECK_HELP,
  options: {
    'forward-to': { type: 'string' },
    types: { type: 'string' },
    versions: { type: 'string' },
    seed: { type: 'string' },
    timeout: { type: 'string' },
    burst: { type: 'string' },
    'api-key': { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'string' },
  },
  async run({ values, url, token, out, err, usage }) {
    const forwardTo = values['forward-to'];
    if (!forwardTo) return usage('--forward-to URL is required (the receiver; {type} becomes the event type)');
    const types = list<EventType>(values.types, EVENT_TYPES, '--types');
    const versions = list<PayloadVersion>(values.versions, PAYLOAD_VERSIONS, '--versions');
    const seed = whole(values.seed, '--seed', 0, 2 ** 31 - 1);
    const timeoutMs = whole(values.timeout, '--timeout', 50, 60_000);
    const burst = whole(values.burst, '--burst', 1, 500);
    for (const v of [types, versions, seed, timeoutMs, burst]) if (typeof v === 'string') return usage(v);
    const unreachable = await probe(forwardTo);
    if (unreachable) {
      err.write(`solarproof-mock check: cannot check ${forwardTo}: ${unreachable}; start the receiver first.\n`);
      return 2;
    }
    const request: CheckRequest = {
      forwardTo,
      ...(types ? { types: types as EventType[] } : {}),
      ...(versions ? { versions: versions as PayloadVersion[] } : {}),
      ...(seed !== undefined ? { seed: seed as number } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs: timeoutMs as number } : {}),
      ...(burst !== undefined ? { burst: burst as number } : {}),
      ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    };
    // Loaded only when needed: a check that cannot run exits at once.
    const own = values.url === undefined ? await (await import('../start-emulator.js')).startEmulator({ port: 0, host: '127.0.0.1', seed: (seed as number | undefined) ?? 1, logLevel: 'silent' }) : undefined;
    try {
      const sp = createClient(own ? own.url : url, token === undefined ? {} : { token });
      const report = await sp.checks.run(request, { onProgress: progressTo(err) });
      out.write(checkTable(report, isTty(out)));
      await writeReports(report, values.junit, values.json, await sp.checks.junit(report.id));
      return report.state === 'passed' ? 0 : 1;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      err.write(`solarproof-mock check: could not run the check on ${own ? 'its own emulator' : url}: ${why}\n`);
      return 2;
    } finally {
      await own?.close();
    }
  },
});

const isTty = (o: Output): boolean => (o as { isTTY?: boolean }).isTTY === true;

/** A progress line on a terminal's stderr, rewritten in place. */
function progressTo(err: Output): ((report: CheckReport) => void) | undefined {
  if (!isTty(err)) return undefined;
  return (report) => {
    err.write(`\r\u001b[2K${report.state === 'running' ? progressLine(report) : ''}`);
  };
}

async function writeReports(report: CheckReport, junit: string | undefined, json: string | undefined, xml: string): Promise<void> {
  if (junit) await writeFile(junit, xml);
  if (json) await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
}
