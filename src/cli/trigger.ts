import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { EventType } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import { createClient } from '../client/create-client.js';
import type { DeliveryStream } from '../client/open-delivery-stream.js';
import type { DeliveryState, DeliveryView } from '../delivery/delivery.js';
import { DEFAULT_URL, defineSubcommand } from './define-subcommand.js';

const SETTLED: DeliveryState[] = ['delivered', 'failed', 'dropped', 'cancelled'];

export const TRIGGER_HELP = `Usage:
  solarproof-mock trigger <type> [--count N] [--override key=value ...] [--api-key KEY]
                         [--customer-id ID] [--project-id ID] [--status 0-3] [--url URL]
       solarproof-mock trigger <type> --body FILE [--content-type TYPE] [--api-key KEY] [--url URL]

Makes events happen on a running emulator (POST /_emulator/events), then follows their deliveries
(GET /_emulator/stream) and prints each one's outcome as it settles.

  --count N             how many events, 1..1000 (default 1)
  --override key=value  set a payload field in every event; the value is read as JSON when it
                        parses (42, true, "text", {"a":1}), else as text; a dotted key sets a
                        nested field (repeatable)
  --api-key KEY         the account the events happen in (default: the emulator's first key)
  --customer-id ID      about this customer (an id from an earlier event), not one the world picks
  --project-id ID       about this project of the customer (project events)
  --status 0-3          customer_status_change: the status the customer moves to (0 No Status,
                        1 New Contacts, 2 Signed, 3 Mega Status)
  --body FILE           send this file's bytes as the body, exactly (\`-\` reads stdin): one event,
                        the world not moved, with latency, faults and retries as any delivery
                        (the file is read as UTF-8; not with --count, --override or the subject flags)
  --content-type TYPE   the Content-Type sent with --body (default application/json)
  --url URL             the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --admin-token TOKEN   the control API's token, when it has one (default: $SPMOCK_ADMIN_TOKEN)
  --timeout MS          stop following after this long (default 120000)
  --json                print each settled delivery as one JSON line

Exit codes: 0 every delivery delivered, 1 any failed, dropped or cancelled (or still pending at
the timeout, or the emulator refused the trigger), 2 usage error.`;

/** `key=value` pairs as an overrides object: JSON values where they parse, dotted keys nested. */
export function parseOverrides(pairs: readonly string[]): { ok: true; overrides: Record<string, unknown> } | { ok: false; problem: string } {
  const overrides: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, problem: `--override ${pair}: expected key=value, e.g. --override customer_name="Ana Smith"` };
    const path = pair.slice(0, eq).split('.');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // plain text
    }
    let target = overrides;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = (typeof next === 'object' && next !== null ? next : (target[key] = {})) as Record<string, unknown>;
    }
    target[path.at(-1)!] = value;
  }
  return { ok: true, overrides };
}

/**
 * `solarproof-mock trigger <type>`: triggers events on a running emulator and prints each
 * delivery's outcome as it settles.
 *
 * @example await runTrigger(['customer_created', '--count', '3']) // 0 when all 3 x subscriptions were delivered
 */
export const runTrigger = defineSubcommand({
  name: 'trigger',
  help: TRIGGER_HELP,
  options: {
    count: { type: 'string' },
    override: { type: 'string', multiple: true },
    'api-key': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    'customer-id': { type: 'string' },
    'project-id': { type: 'string' },
    status: { type: 'string' },
    body: { type: 'string' },
    'content-type': { type: 'string' },
  },
  async run({ values, positionals, url, token, out, err, usage, fail }) {
    if (positionals.length !== 1) return usage('give exactly one event type, e.g. `solarproof-mock trigger customer_created`');
    const count = values.count === undefined ? undefined : Number(values.count);
    if (count !== undefined && !Number.isInteger(count)) return usage(`--count must be a whole number, got "${values.count}"`);
    const timeoutMs = values.timeout === undefined ? 120_000 : Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usage(`--timeout must be a positive whole number of ms, got "${values.timeout}"`);
    const parsed = parseOverrides(values.override ?? []);
    if (!parsed.ok) return usage(parsed.problem);
    const subject: SubjectRequest = {};
    for (const [flag, key] of [['customer-id', 'customerId'], ['project-id', 'projectId'], ['status', 'status']] as const) {
      const raw = values[flag];
      if (raw === undefined) continue;
      if (!/^\d+$/.test(raw)) return usage(`--${flag} must be a whole number, got "${raw}"`);
      // The emulator checks that the ids exist and the status is one of 0..3, and says so.
      (subject as Record<string, number>)[key] = Number(raw);
    }

    const type = positionals[0] as EventType; // the emulator checks it, and its refusal names the known types
    if (values['content-type'] !== undefined && values.body === undefined) return usage('--content-type goes with --body FILE');
    const sp = createClient(url, token === undefined ? {} : { token });
    const stop = new AbortController();
    try {
      // The emulator refuses --body with --count, --override or a subject, and says why.
      const exact = values.body === undefined ? {} : { rawBody: await readBody(values.body), ...(values['content-type'] ? { contentType: values['content-type'] } : {}) };
      // Listen before triggering, so no settlement can slip past.
      const stream = await sp.deliveries.stream({ state: SETTLED }, { signal: stop.signal });
      const answer = await sp.trigger(type, {
        count,
        overrides: Object.keys(parsed.overrides).length > 0 ? parsed.overrides : undefined,
        apiKey: values['api-key'],
        ...(Object.keys(subject).length > 0 ? { subject } : {}),
        ...exact,
      });
      const ids = new Set(answer.deliveries);
      err.write(`${answer.events.length} event(s) ${answer.events.map((e) => e.id).join(', ')}: ${ids.size} deliveries\n`);
      if (ids.size === 0) {
        err.write(`No subscription matches type "${type}" in that account, so nothing was sent. Subscribe a hook URL first (apidata.php?action=subscribe_customer).\n`);
        return 0;
      }
      const timer = setTimeout(() => stop.abort(), timeoutMs);
      const settled = await follow(stream, ids, (d) => out.write(values.json ? `${JSON.stringify(d)}\n` : `${line(d)}\n`)).finally(() => clearTimeout(timer));
      const counts: Record<string, number> = {};
      for (const d of settled.values()) counts[d.state] = (counts[d.state] ?? 0) + 1;
      const pending = ids.size - settled.size;
      if (pending > 0) counts.pending = pending;
      err.write(`${ids.size} deliveries: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}\n`);
      return (counts.delivered ?? 0) === ids.size ? 0 : 1;
    } catch (e) {
      return fail(e);
    } finally {
      stop.abort();
    }
  },
});

/** The bytes of `file` (`-`: stdin) as the UTF-8 string the control API carries. */
async function readBody(file: string): Promise<string> {
  return file === '-' ? text(process.stdin) : readFile(file, 'utf8');
}

/** Reads settlements of `ids` until all have settled or the stream ends (its signal aborted at the timeout). */
async function follow(stream: DeliveryStream, ids: ReadonlySet<string>, print: (d: DeliveryView) => void): Promise<Map<string, DeliveryView>> {
  const settled = new Map<string, DeliveryView>();
  for await (const { change, delivery } of stream) {
    if (change !== 'settled' || !ids.has(delivery.id) || settled.has(delivery.id)) continue;
    settled.set(delivery.id, delivery);
    print(delivery);
    if (settled.size === ids.size) break;
  }
  return settled;
}

/** `dlv_3  delivered  customer_created -> http://...  2 attempts: http_error 503, success 200 (12 ms)` */
function line(d: DeliveryView): string {
  const attempts = d.attempts
    .map((a) => `${a.outcome}${a.status === undefined ? '' : ` ${a.status}`}${a.fault && a.fault !== 'duplicate' ? ` [${a.fault}]` : ''}${a.fault === 'duplicate' ? ' [copy]' : ''}`)
    .join(', ');
  const last = d.attempts.at(-1);
  const took = last ? ` (${last.durationMs} ms)` : '';
  const n = d.attempts.length;
  return `${d.id.padEnd(8)} ${d.state.padEnd(9)} ${d.type} -> ${d.hookUrl}  ${n} attempt${n === 1 ? '' : 's'}${n > 0 ? `: ${attempts}${took}` : ''}${d.cancelReason ? ` (${d.cancelReason})` : ''}`;
}
