import { parseArgs } from 'node:util';
import type { DeliveryView } from '../delivery/delivery.js';

const DEFAULT_URL = 'http://127.0.0.1:4477';
const SETTLED = ['delivered', 'failed', 'dropped', 'cancelled'];

export const TRIGGER_HELP = `Usage:
  solarproof-mock trigger <type> [--count N] [--override key=value ...] [--api-key KEY] [--url URL]

Makes events happen on a running emulator (POST /_emulator/events), then follows their deliveries
(GET /_emulator/stream) and prints each one's outcome as it settles.

  --count N             how many events, 1..1000 (default 1)
  --override key=value  set a payload field in every event; the value is read as JSON when it
                        parses (42, true, "text", {"a":1}), else as text; a dotted key sets a
                        nested field (repeatable)
  --api-key KEY         the account the events happen in (default: the emulator's first key)
  --url URL             the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --timeout MS          stop following after this long (default 120000)
  --json                print each settled delivery as one JSON line

Exit codes: 0 every delivery delivered, 1 any failed, dropped or cancelled (or still pending at
the timeout, or the emulator refused the trigger), 2 usage error.`;

interface Output {
  write(text: string): unknown;
}

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
export async function runTrigger(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  let values: { count?: string; override?: string[]; 'api-key'?: string; url?: string; timeout?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        count: { type: 'string' },
        override: { type: 'string', multiple: true },
        'api-key': { type: 'string' },
        url: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    err.write(`solarproof-mock trigger: ${(e as Error).message}\n\n${TRIGGER_HELP}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${TRIGGER_HELP}\n`);
    return 0;
  }
  const usage = (problem: string): number => {
    err.write(`solarproof-mock trigger: ${problem}\n\n${TRIGGER_HELP}\n`);
    return 2;
  };
  if (positionals.length !== 1) return usage('give exactly one event type, e.g. `solarproof-mock trigger customer_created`');
  const count = values.count === undefined ? undefined : Number(values.count);
  if (count !== undefined && !Number.isInteger(count)) return usage(`--count must be a whole number, got "${values.count}"`);
  const timeoutMs = values.timeout === undefined ? 120_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usage(`--timeout must be a positive whole number of ms, got "${values.timeout}"`);
  const parsed = parseOverrides(values.override ?? []);
  if (!parsed.ok) return usage(parsed.problem);

  const base = (values.url ?? env.SPMOCK_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  const stop = new AbortController();
  try {
    // Listen before triggering, so no settlement can slip past.
    const stream = await openStream(base, stop.signal);
    const body = {
      type: positionals[0],
      ...(count === undefined ? {} : { count }),
      ...(Object.keys(parsed.overrides).length > 0 ? { overrides: parsed.overrides } : {}),
      ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
    };
    const res = await fetch(`${base}/_emulator/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await res.json()) as { events?: Array<{ id: string }>; deliveries?: string[]; code?: string; detail?: string };
    if (!res.ok) {
      err.write(`solarproof-mock trigger: ${answer.code ?? res.status}: ${answer.detail ?? 'the emulator refused the trigger'}\n`);
      return 1;
    }
    const ids = new Set(answer.deliveries ?? []);
    const events = answer.events ?? [];
    err.write(`${events.length} event(s) ${events.map((e) => e.id).join(', ')}: ${ids.size} deliveries\n`);
    if (ids.size === 0) {
      err.write(`No subscription matches type "${positionals[0]}" in that account, so nothing was sent. Subscribe a hook URL first (apidata.php?action=subscribe_customer).\n`);
      return 0;
    }
    const settled = await follow(stream, ids, timeoutMs, (d) => out.write(values.json ? `${JSON.stringify(d)}\n` : `${line(d)}\n`));
    const counts: Record<string, number> = {};
    for (const d of settled.values()) counts[d.state] = (counts[d.state] ?? 0) + 1;
    const pending = ids.size - settled.size;
    if (pending > 0) counts.pending = pending;
    err.write(`${ids.size} deliveries: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}\n`);
    return (counts.delivered ?? 0) === ids.size ? 0 : 1;
  } catch (e) {
    if ((e as Error).name === 'AbortError') return 1;
    err.write(`solarproof-mock trigger: cannot reach the emulator at ${base} (${(e as Error).message}); is it running? Start it with \`solarproof-mock\` or pass --url.\n`);
    return 1;
  } finally {
    stop.abort();
  }
}

type Reader = ReadableStreamDefaultReader<Uint8Array>;

async function openStream(base: string, signal: AbortSignal): Promise<Reader> {
  const res = await fetch(`${base}/_emulator/stream?state=${SETTLED.join(',')}`, { signal });
  if (!res.ok || !res.body) throw new Error(`GET /_emulator/stream answered ${res.status}`);
  return res.body.getReader();
}

/** Reads settlements of `ids` from the stream until all have settled or `timeoutMs` passes. */
async function follow(reader: Reader, ids: ReadonlySet<string>, timeoutMs: number, print: (d: DeliveryView) => void): Promise<Map<string, DeliveryView>> {
  const settled = new Map<string, DeliveryView>();
  const decoder = new TextDecoder();
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    while (settled.size < ids.size) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === 'timeout' || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        const { change, delivery } = JSON.parse(data.slice(6)) as { change: string; delivery: DeliveryView };
        if (change !== 'settled' || !ids.has(delivery.id) || settled.has(delivery.id)) continue;
        settled.set(delivery.id, delivery);
        print(delivery);
      }
    }
  } finally {
    clearTimeout(timer);
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
