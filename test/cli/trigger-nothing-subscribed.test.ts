import { describe, expect, it } from 'vitest';
import { runTrigger } from '../../src/cli/trigger.js';
import { startForTest } from '../support/start.js';

function buffer(): { write(t: string): boolean; text: string } {
  const b = { text: '', write: (t: string) => ((b.text += t), true) };
  return b;
}

describe('solarproof-mock trigger with nothing subscribed', () => {
  it('exits 0 and says on stderr that nothing was sent, and why', async () => {
    const emu = await startForTest();
    const out = buffer();
    const err = buffer();
    expect(await runTrigger(['customer_created', '--url', emu.url], {}, out, err)).toBe(0);
    expect(out.text).toBe('');
    expect(err.text).toContain('0 deliveries');
    expect(err.text).toContain('No subscription matches type "customer_created" in that account, so nothing was sent.');
  });
});
