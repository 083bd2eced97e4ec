import { describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';

/**
 * A large fan-out is made in slices with a turn of the event loop between them: a health check
 * sent while an 40 000-delivery trigger is being fanned out is answered before the trigger is.
 * Attempts wait behind a minute of injected latency, so nothing is sent (and close cancels them).
 */
describe('a large trigger fans out in slices', () => {
  it('answers a health check during a 40 000-delivery fan-out, and the trigger still answers every delivery in order', { timeout: 60_000 }, async () => {
    const emu = await startForTest({ delivery: { latency: { distribution: 'fixed', ms: 60_000 }, maxPending: 100_000 } });
    for (let i = 0; i < 40; i++) await emu.subscribe(`http://127.0.0.1:9/hook/${i}`, 'customer_created');

    let answered = false;
    const triggered = Promise.resolve(emu.emulator.events.triggerWhenRoom({ type: 'customer_created', count: 1000 })).then((result) => {
      answered = true;
      return result;
    });
    const health = await fetch(`${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    const pendingAtHealth = emu.emulator.delivery.stats().pending;
    expect(answered).toBe(false);
    expect(pendingAtHealth).toBeLessThan(40_000);

    const result = await triggered;
    expect(result.events).toHaveLength(1000);
    expect(result.deliveries).toHaveLength(40_000);
    const numbers = result.deliveries.map((id) => Number(id.replace(/\D/g, '')));
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
    expect(emu.emulator.delivery.stats().pending).toBe(40_000);
  });
});
