import { createClient } from '../client/create-client.js';
import type { DeliveryState, DeliveryView } from '../delivery/delivery.js';
import { DEFAULT_URL, defineSubcommand } from './define-subcommand.js';

const SETTLED: DeliveryState[] = ['delivered', 'failed', 'dropped', 'cancelled'];

export const REDELIVER_HELP = `Usage:
  solarproof-mock redeliver <delivery-id> [--wait] [--json] [--url URL]

Sends a delivery's event again to the same hook URL, as a new delivery whose redeliveryOf names
the original (POST /_emulator/deliveries/<id>/redeliver).

  --wait         follow the new delivery until it settles, and exit 1 unless it was delivered
  --timeout MS   with --wait: give up after this long (default 120000)
  --json         print the new delivery as JSON
  --url URL      the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --admin-token T the control API's token, when it has one (default: $SPMOCK_ADMIN_TOKEN)

Exit codes: 0 sent (with --wait: delivered), 1 unknown id, not delivered or no emulator, 2 usage error.`;

function line(d: DeliveryView): string {
  const last = d.attempts.at(-1);
  const outcome = last ? `  ${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'}, last ${last.outcome}${last.status === undefined ? '' : ` ${last.status}`}` : '';
  return `${d.id} ${d.state} ${d.type} -> ${d.hookUrl} (redelivery of ${d.redeliveryOf ?? '?'})${outcome}`;
}

/** `solarproof-mock redeliver dlv_3`: sends the delivery's event again. */
export const runRedeliver = defineSubcommand({
  name: 'redeliver',
  help: REDELIVER_HELP,
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals, url, token, out, usage, fail }) {
    if (positionals.length !== 1) return usage('give exactly one delivery id, e.g. `solarproof-mock redeliver dlv_3`');
    const timeoutMs = values.timeout === undefined ? 120_000 : Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return usage(`--timeout must be a positive whole number of ms, got "${values.timeout}"`);
    const sp = createClient(url, token === undefined ? {} : { token });
    const stop = new AbortController();
    const print = (d: DeliveryView): unknown => out.write(values.json ? `${JSON.stringify(d)}\n` : `${line(d)}\n`);
    try {
      // Listen first, so the new delivery's settlement cannot slip past.
      const stream = values.wait ? await sp.deliveries.stream({ state: SETTLED }, { signal: stop.signal }) : undefined;
      const created = await sp.deliveries.redeliver(positionals[0]!);
      if (!stream) {
        print(created);
        return 0;
      }
      const timer = setTimeout(() => stop.abort(), timeoutMs);
      let settled: DeliveryView | undefined;
      try {
        for await (const { delivery } of stream) {
          if (delivery.id === created.id) {
            settled = delivery;
            break;
          }
        }
      } finally {
        clearTimeout(timer);
      }
      print(settled ?? created);
      return settled?.state === 'delivered' ? 0 : 1;
    } catch (e) {
      return fail(e);
    } finally {
      stop.abort();
    }
  },
});
