import { createClient } from '../client/create-client.js';
import { eventTypesFor, type EventType } from '../core/event-types.js';
import type { DeliveryView } from '../delivery/delivery.js';
import { expandHookUrl } from '../guard/hook-url-template.js';
import { DEFAULT_URL, defineSubcommand, type Output } from './define-subcommand.js';

export const LISTEN_HELP = `Usage:
  solarproof-mock listen [--forward-to URL ...] [--api-key KEY] [--type TYPE ...] [--json] [--url URL]
  solarproof-mock tail ...   (the same command)

Prints every delivery attempt as it happens (GET /_emulator/stream), one line each: time,
delivery id, event type, hook URL, attempt number, outcome, HTTP status and duration. Runs until
Ctrl-C (SIGINT) or SIGTERM.

  --forward-to URL  before listening, subscribe URL to every event type of the emulator's payload
                    version (apidata.php subscribe_customer, with the account's key), like
                    \`stripe listen --forward-to\`; unsubscribed again on exit. {type} in URL gives
                    one URL per type: http://localhost:3000/hooks/{type} (repeatable)
  --api-key KEY     the account --forward-to subscribes in (default: the emulator's first key)
  --type TYPE       only print deliveries of this event type (repeatable)
  --count N         exit after printing N attempts
  --json            one JSON line per attempt: {"time","deliveryId","eventId","type","hookUrl",
                    "attempt","outcome","status","durationMs"} (and "fault" when one was injected)
  --url URL         the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --admin-token T   the control API's token, when it has one (default: $SPMOCK_ADMIN_TOKEN)

Exit codes: 0 stopped (a signal, or --count reached), 1 the emulator refused a call or went
away, 2 usage error.`;

/** One attempt as `listen --json` prints it. */
export interface AttemptLine {
  time: string;
  deliveryId: string;
  eventId: string;
  type: EventType;
  hookUrl: string;
  attempt: number;
  outcome: string;
  status: number | null;
  durationMs: number;
  fault?: string;
}

export function attemptLine(d: DeliveryView): AttemptLine | undefined {
  const a = d.attempts.at(-1);
  if (!a) return undefined;
  return {
    time: a.startedAt,
    deliveryId: d.id,
    eventId: d.eventId,
    type: d.type,
    hookUrl: d.hookUrl,
    attempt: a.number,
    outcome: a.outcome,
    status: a.status ?? null,
    durationMs: a.durationMs,
    ...(a.fault ? { fault: a.fault } : {}),
  };
}

const paint = (on: boolean) => (code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** `09:30:01.234  dlv_3  customer_created -> http://...  #1  success 200  12 ms` (coloured on a terminal). */
export function formatAttempt(l: AttemptLine, colour: boolean): string {
  const c = paint(colour);
  const ok = l.outcome === 'success';
  const outcome = c(ok ? 32 : 31, `${l.outcome}${l.status === null ? '' : ` ${l.status}`}`);
  const fault = l.fault ? c(33, ` [${l.fault}]`) : '';
  return `${c(2, l.time)}  ${l.deliveryId.padEnd(8)} ${l.type} -> ${l.hookUrl}  #${l.attempt}  ${outcome}  ${l.durationMs} ms${fault}`;
}

/** A delivery that settled other than delivered: `dlv_3    failed after 4 attempts (last: connection_refused)`. */
export function formatUnsettled(d: DeliveryView, colour: boolean): string {
  const n = d.attempts.length;
  const last = d.attempts.at(-1);
  const why = d.cancelReason ? ` (${d.cancelReason})` : last ? ` (last: ${last.outcome}${last.status === undefined ? '' : ` ${last.status}`})` : '';
  return `${' '.repeat(24)}  ${d.id.padEnd(8)} ${paint(colour)(31, d.state)} after ${n} attempt${n === 1 ? '' : 's'}${why}`;
}

function wantsColour(out: Output, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return (out as { isTTY?: boolean }).isTTY === true;
}

/**
 * `solarproof-mock listen` (alias `tail`): follows every delivery attempt, optionally forwarding
 * every event type to a local URL first.
 *
 * @example solarproof-mock listen --forward-to 'http://localhost:3000/hooks/{type}'
 */
export function makeListen(name: 'listen' | 'tail') {
  return defineSubcommand({
    name,
    help: LISTEN_HELP,
    options: {
      'forward-to': { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      type: { type: 'string', multiple: true },
      count: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values, positionals, url, token, out, err, usage, fail }) {
      if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
      const count = values.count === undefined ? undefined : Number(values.count);
      if (count !== undefined && (!Number.isInteger(count) || count < 1)) return usage(`--count must be a whole number >= 1, got "${values.count}"`);
      const colour = wantsColour(out, process.env);
      const sp = createClient(url, token === undefined ? {} : { token });
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      /** URLs this run subscribed (and so unsubscribes on exit). */
      const made: string[] = [];
      let apiKey = values['api-key'];
      const cleanUp = async (): Promise<number> => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        let code = 0;
        for (const hookUrl of made) {
          try {
            await sp.unsubscribe(hookUrl, { apiKey: apiKey! });
            err.write(`unsubscribed ${hookUrl}\n`);
          } catch (e) {
            err.write(`solarproof-mock ${name}: could not unsubscribe ${hookUrl}: ${(e as Error).message}\n`);
            code = 1;
          }
        }
        return code;
      };
      try {
        const forwardTo = values['forward-to'] ?? [];
        const stream = await sp.deliveries.stream(values.type ? { type: values.type as EventType[] } : {}, { signal: stop.signal });
        if (forwardTo.length > 0) {
          const config = await sp.config.get();
          apiKey ??= config.accounts[0]!.apiKey;
          const types = eventTypesFor(config.payloadVersion);
          for (const template of forwardTo) {
            const urls = [...new Set(types.map((t) => expandHookUrl(template, t)))];
            const existing = new Set((await sp.subscriptions.list({ apiKey })).map((s) => s.hookUrl));
            for (const type of types) {
              const hookUrl = expandHookUrl(template, type);
              await sp.subscribe(hookUrl, type, { apiKey });
              // Recorded as soon as it exists, so a refusal half-way still unsubscribes what was made.
              if (!existing.has(hookUrl) && !made.includes(hookUrl)) made.push(hookUrl);
            }
            const kept = urls.filter((u) => existing.has(u));
            err.write(`forwarding ${types.length} event types to ${template}${kept.length > 0 ? ` (already subscribed before, kept on exit: ${kept.join(', ')})` : ''}\n`);
          }
        }
        err.write(`listening for deliveries on ${url} (Ctrl-C to stop)\n`);
        let printed = 0;
        let broken = false;
        try {
          for await (const { change, delivery } of stream) {
            if (change === 'settled' && delivery.state !== 'delivered' && !values.json) out.write(`${formatUnsettled(delivery, colour)}\n`);
            if (change !== 'attempt') continue;
            const line = attemptLine(delivery);
            if (!line) continue;
            out.write(values.json ? `${JSON.stringify(line)}\n` : `${formatAttempt(line, colour)}\n`);
            if (count !== undefined && ++printed >= count) break;
          }
        } catch {
          broken = true; // the connection dropped mid-stream
        }
        stream.close();
        const reachedCount = count !== undefined && printed >= count;
        if (broken || (!stop.signal.aborted && !reachedCount)) {
          err.write(`solarproof-mock ${name}: the emulator at ${url} closed the stream (stopped?)\n`);
          await cleanUp();
          return 1;
        }
        return await cleanUp();
      } catch (e) {
        const code = fail(e);
        await cleanUp();
        return code;
      }
    },
  });
}

export const runListen = makeListen('listen');
export const runTail = makeListen('tail');
