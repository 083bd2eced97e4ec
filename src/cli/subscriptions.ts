import { createClient } from '../client/create-client.js';
import type { EventType } from '../core/event-types.js';
import { DEFAULT_URL, defineSubcommand } from './define-subcommand.js';

export const SUBSCRIPTIONS_HELP = `Usage:
  solarproof-mock subscriptions [--api-key KEY] [--hook-url URL] [--type TYPE] [--json] [--url URL]

Lists the emulator's subscriptions (GET /_emulator/subscriptions): id, account, event type, hook
URL and when it was made. Filters combine.

  --api-key KEY    only this account's
  --hook-url URL   only this hook URL's (exact match)
  --type TYPE      only this event type's
  --json           print them as a JSON array
  --url URL        the emulator (default: $SPMOCK_URL or ${DEFAULT_URL})
  --admin-token T  the control API's token, when it has one (default: $SPMOCK_ADMIN_TOKEN)

Exit codes: 0 listed (also when there are none), 1 no emulator, 2 usage error.`;

/** `solarproof-mock subscriptions`: the subscriptions, one per line. */
export const runSubscriptions = defineSubcommand({
  name: 'subscriptions',
  help: SUBSCRIPTIONS_HELP,
  options: { 'api-key': { type: 'string' }, 'hook-url': { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals, url, token, out, err, usage, fail }) {
    if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
    try {
      const subs = await createClient(url, token === undefined ? {} : { token }).subscriptions.list({
        ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
        ...(values['hook-url'] !== undefined ? { hookUrl: values['hook-url'] } : {}),
        ...(values.type !== undefined ? { type: values.type as EventType } : {}),
      });
      if (values.json) {
        out.write(`${JSON.stringify(subs, null, 2)}\n`);
        return 0;
      }
      if (subs.length === 0) {
        err.write('No subscriptions. Subscribe with apidata.php?action=subscribe_customer, or `solarproof-mock listen --forward-to URL`.\n');
        return 0;
      }
      const w = (f: (s: (typeof subs)[number]) => string) => Math.max(...subs.map((s) => f(s).length)) + 2;
      const [wi, wk, wt] = [w((s) => s.id), w((s) => s.apiKey), w((s) => s.type)];
      out.write(`${'ID'.padEnd(wi)}${'API KEY'.padEnd(wk)}${'TYPE'.padEnd(wt)}HOOK URL  (CREATED)\n`);
      for (const s of subs) out.write(`${s.id.padEnd(wi)}${s.apiKey.padEnd(wk)}${s.type.padEnd(wt)}${s.hookUrl}  (${s.createdAt})\n`);
      return 0;
    } catch (e) {
      return fail(e);
    }
  },
});
