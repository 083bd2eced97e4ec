import { describe, expect, it } from 'vitest';
import { runListen } from '../../src/cli/listen.js';
import { runRedeliver } from '../../src/cli/redeliver.js';
import { runSubscriptions } from '../../src/cli/subscriptions.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

const TOKEN = 's3cret-token';

function buffer(): { write(t: string): boolean; text: () => string; seen: (s: string) => Promise<void> } {
  let text = '';
  const waiters: Array<{ s: string; resolve: () => void }> = [];
  return {
    write: (t: string) => {
      text += t;
      for (const w of waiters.filter((x) => text.includes(x.s))) w.resolve();
      return true;
    },
    text: () => text,
    seen: (s: string) => (text.includes(s) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ s, resolve }))),
  };
}

async function setUp() {
  const emu = await startForTest({ adminToken: TOKEN });
  const receiver = await startTestReceiver();
  await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
  const [delivery] = (await emu.trigger('customer_created')).deliveries;
  await emu.deliveries.waitFor({ state: 'delivered' });
  return { emu, receiver, delivery: delivery! };
}

describe('subcommands send the admin token', () => {
  it('subscriptions and redeliver pass --admin-token and $SPMOCK_ADMIN_TOKEN, and are refused without it', async () => {
    const { emu, receiver, delivery } = await setUp();
    try {
      const refused = buffer();
      expect(await runSubscriptions(['--url', emu.url], {}, buffer(), refused)).toBe(1);
      expect(refused.text()).toContain('UNAUTHORIZED');

      const byFlag = buffer();
      expect(await runSubscriptions(['--url', emu.url, '--admin-token', TOKEN, '--json'], {}, byFlag, buffer())).toBe(0);
      expect(JSON.parse(byFlag.text())).toHaveLength(1);

      const byEnv = buffer();
      expect(await runSubscriptions(['--url', emu.url, '--json'], { SPMOCK_ADMIN_TOKEN: TOKEN }, byEnv, buffer())).toBe(0);
      expect(JSON.parse(byEnv.text())).toHaveLength(1);

      const again = buffer();
      expect(await runRedeliver([delivery, '--url', emu.url, '--json'], { SPMOCK_ADMIN_TOKEN: TOKEN }, again, buffer())).toBe(0);
      expect(JSON.parse(again.text())).toMatchObject({ redeliveryOf: delivery });
      const byFlagRedeliver = buffer();
      expect(await runRedeliver([delivery, '--url', emu.url, '--admin-token', TOKEN, '--wait'], {}, byFlagRedeliver, buffer())).toBe(0);
      expect(byFlagRedeliver.text()).toContain('delivered');
    } finally {
      await receiver.close();
    }
  });

  it('listen follows deliveries with the token from $SPMOCK_ADMIN_TOKEN', async () => {
    const { emu, receiver } = await setUp();
    try {
      const out = buffer();
      const err = buffer();
      const listening = runListen(['--url', emu.url, '--count', '1', '--json'], { SPMOCK_ADMIN_TOKEN: TOKEN }, out, err);
      // Ready once it says so (its stream is open); a refused token would end it with 1 instead.
      await Promise.race([err.seen('listening for deliveries'), listening]);
      await emu.trigger('customer_created');
      const code = await listening;
      expect(code, err.text()).toBe(0);
      expect(out.text()).toContain('customer_created');
    } finally {
      await receiver.close();
    }
  });
});
