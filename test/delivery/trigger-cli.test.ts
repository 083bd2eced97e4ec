import { afterEach, describe, expect, it } from 'vitest';
import { runTrigger } from '../../src/cli/trigger.js';
import { SEED, startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness;
afterEach(async () => h?.close());

function capture() {
  let text = '';
  return { write: (s: string) => (text += s), get text() { return text; } };
}

describe(`solarproof-mock trigger (seed ${SEED})`, () => {
  it('triggers on a running emulator, prints each delivery as it settles and exits 0 when all were delivered', async () => {
    h = await startDeliveryHarness();
    const url = await h.emu.listen();
    h.subscribe('/a');
    h.subscribe('/b');
    const out = capture();
    const err = capture();
    const code = await runTrigger(['customer_created', '--count', '2', '--override', 'customer_name="Ana Smith"', '--url', url], {}, out, err);
    expect(code).toBe(0);
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => /^dlv_\d+\s+delivered\s+customer_created -> http:\/\/127\.0\.0\.1:\d+\/[ab]  1 attempt: success 200/.test(l))).toBe(true);
    expect(err.text).toContain('4 deliveries: 4 delivered');
    const bodies = h.receiver.requests.map((r) => r.json as { customer_name: string });
    expect(bodies.every((b) => b.customer_name === 'Ana Smith')).toBe(true);
  });

  it('exits 1 when a delivery fails or is dropped, and prints JSON lines with --json', async () => {
    h = await startDeliveryHarness({ delivery: { retry: { schedule: [] } } });
    const url = await h.emu.listen();
    h.subscribe('/fails');
    h.receiver.setDefault({ status: 500 });
    const out = capture();
    const err = capture();
    const code = await runTrigger(['customer_created', '--json', '--url', url], {}, out, err);
    expect(code).toBe(1);
    expect(JSON.parse(out.text.trim())).toMatchObject({ state: 'failed', attempts: [{ outcome: 'http_error', status: 500 }] });
    expect(err.text).toContain('1 deliveries: 1 failed');
  });

  it('exits 2 on a usage error and 1 when the emulator refuses the trigger', async () => {
    h = await startDeliveryHarness();
    const url = await h.emu.listen();
    const err = capture();
    expect(await runTrigger([], {}, capture(), err)).toBe(2);
    expect(err.text).toContain('give exactly one event type');
    const refused = capture();
    expect(await runTrigger(['customer_deleted', '--url', url], {}, capture(), refused)).toBe(1);
    expect(refused.text).toContain('UNKNOWN_EVENT_TYPE');
  });
});
