import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventType } from '../core/event-types.js';
import { createClient } from '../client/create-client.js';
import type { DeliveryView } from '../delivery/delivery.js';
import { bodyBytes, captureType, headerValue, parseCaptures, type Capture } from '../recording/capture-file.js';
import { forwardRequest } from '../recording/forward-request.js';
import { defineSubcommand, type Output } from './define-subcommand.js';

export const REPLAY_HELP = `Usage:
  solarproof-mock replay FILE.jsonl --forward-to URL [--keep-timing] [--speed N]
  solarproof-mock replay FILE.jsonl --url URL [--keep-timing] [--speed N]

Sends the captures of FILE.jsonl (written by \`solarproof-mock record\`) again, in the recorded order,
and prints a summary of the answers.

  --forward-to URL  straight to URL: the same method, path (after URL's path), query, headers and
                    body bytes as recorded
  --url URL         through a running emulator (POST /_emulator/events with rawBody): each body goes
                    byte for byte to the subscriptions of its type, with the emulator's latency,
                    faults and retries; the answer is the delivery's end state
  --keep-timing     wait the recorded gap between two captures before sending the second
  --speed N         with --keep-timing: N times faster (2 halves every gap; default 1)
  --admin-token T   the control API's token, with --url (default: $SPMOCK_ADMIN_TOKEN)
  --timeout MS      with --url: stop following deliveries after this long (default 120000)

Exit codes: 0 every answer 2xx (every delivery delivered), 1 any other answer, a network failure or
a capture with no subscription, 2 usage error or an unreadable file (a bad line names its number).`;

/** `solarproof-mock replay`: captures again, straight to a URL or through an emulator. */
export const runReplay = defineSubcommand({
  name: 'replay',
  help: REPLAY_HELP,
  options: {
    'forward-to': { type: 'string' },
    'keep-timing': { type: 'boolean' },
    speed: { type: 'string' },
    timeout: { type: 'string' },
  },
  async run({ values, positionals, url, token, err, usage, fail }) {
    if (positionals.length !== 1) return usage('give exactly one capture file, e.g. `solarproof-mock replay captures.jsonl --forward-to http://127.0.0.1:3000`');
    const target = values['forward-to'];
    if (target !== undefined && values.url !== undefined) return usage('give --forward-to URL (straight there) or --url URL (through an emulator), not both');
    if (target !== undefined && !/^https?:\/\/[^/]/.test(target)) return usage(`--forward-to must be an http(s) URL, got "${target}"`);
    const speed = Number(values.speed ?? 1);
    if (!(speed > 0)) return usage(`--speed must be a number above 0, got "${values.speed}"`);
    const timeoutMs = Number(values.timeout ?? 120_000);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usage(`--timeout must be a positive whole number of ms, got "${values.timeout}"`);
    let captures: Capture[];
    try {
      captures = parseCaptures(readFileSync(positionals[0]!, 'utf8'), positionals[0]);
    } catch (e) {
      err.write(`solarproof-mock replay: ${(e as Error).message}\n`);
      return 2;
    }
    const pace = async (i: number): Promise<void> => {
      if (!values['keep-timing'] || i === 0) return;
      const gap = (Date.parse(captures[i]!.at) - Date.parse(captures[i - 1]!.at)) / speed;
      if (gap > 0) await sleep(gap);
    };
    try {
      const failures = target !== undefined ? await replayTo(target, captures, pace, err) : await replayThrough(url, token, captures, pace, timeoutMs, err);
      err.write(`${captures.length} replayed: ${captures.length - failures} ok, ${failures} not\n`);
      return failures === 0 ? 0 : 1;
    } catch (e) {
      return fail(e);
    }
  },
});

type Pace = (i: number) => Promise<void>;

/** Straight to `target`; answers the number of answers that were not 2xx. */
async function replayTo(target: string, captures: readonly Capture[], pace: Pace, err: Output): Promise<number> {
  let failures = 0;
  for (const [i, c] of captures.entries()) {
    await pace(i);
    const { answer } = await forwardRequest(target, { method: c.method, path: c.path, query: c.query, headers: c.headers, body: bodyBytes(c) });
    const ok = 'status' in answer && answer.status >= 200 && answer.status < 300;
    if (!ok) failures++;
    const was = c.answer && 'status' in c.answer ? ` (recorded ${c.answer.status})` : '';
    err.write(`#${i + 1} ${c.method} ${c.path} -> ${'status' in answer ? answer.status : answer.error} (${answer.durationMs} ms)${was}\n`);
  }
  return failures;
}

/** Through the emulator at `url`, one event per capture; answers the deliveries that did not end delivered (and captures nobody received). */
async function replayThrough(url: string, token: string | undefined, captures: readonly Capture[], pace: Pace, timeoutMs: number, err: Output): Promise<number> {
  const sp = createClient(url, token === undefined ? {} : { token });
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  try {
    // Listen before triggering, so no settlement slips past.
    const stream = await sp.deliveries.stream({ state: ['delivered', 'failed', 'dropped', 'cancelled'] }, { signal: stop.signal });
    const settled = new Map<string, DeliveryView>();
    let wanted: readonly string[] | undefined;
    let allSettled!: () => void;
    const done = new Promise<void>((resolve) => (allSettled = resolve));
    const check = (): void => {
      if (wanted?.every((id) => settled.has(id))) allSettled();
    };
    // Ends when the stream does (stopped at the timeout).
    const reading = (async () => {
      for await (const { change, delivery } of stream) {
        if (change === 'settled') settled.set(delivery.id, delivery);
        check();
      }
    })().catch(() => undefined);
    let failures = 0;
    const waiting: Array<{ i: number; ids: string[] }> = [];
    for (const [i, c] of captures.entries()) {
      await pace(i);
      if (c.bodyEncoding === 'base64') {
        failures++;
        err.write(`#${i + 1} skipped: its body is not UTF-8, and the control API carries text (use --forward-to)\n`);
        continue;
      }
      const contentType = headerValue(c.headers, 'content-type');
      const answer = await sp.trigger(captureType(c) as EventType, { rawBody: c.body, ...(contentType ? { contentType } : {}) });
      if (answer.deliveries.length === 0) {
        failures++;
        err.write(`#${i + 1} ${captureType(c)}: no subscription of that type in the account, so nothing was sent\n`);
      } else waiting.push({ i, ids: answer.deliveries });
    }
    wanted = waiting.flatMap((w) => w.ids);
    check();
    await Promise.race([done, reading]);
    for (const { i, ids } of waiting) {
      for (const id of ids) {
        const d = settled.get(id);
        if (d?.state !== 'delivered') failures++;
        const last = d?.attempts.at(-1);
        err.write(`#${i + 1} ${captureType(captures[i]!)} ${id} -> ${d ? `${d.state}, ${d.attempts.length} attempt(s)${last?.status ? `, last ${last.status}` : ''}` : 'still pending at the timeout'}\n`);
      }
    }
    return failures;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}
