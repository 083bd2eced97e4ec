import { afterEach, describe, expect, it } from 'vitest';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

describe('timeScale', () => {
  it('runs a 30-minute retry ladder in about 2 seconds at timeScale 0.001, keeping its shape', async () => {
    // 1 + 2 + 4 + 8 + 15 minutes of retry delays = 30 minutes.
    const ladder = [60_000, 120_000, 240_000, 480_000, 900_000];
    const emu = await startForTest({ timeScale: 0.001, delivery: { retry: { schedule: ladder } } });
    const receiver = await startTestReceiver();
    receivers.push(receiver);
    receiver.script('/hook', [{ status: 503 }, { status: 503 }, { status: 500 }, { status: 503 }, { status: 502 }, { status: 200 }]);
    await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');

    const started = Date.now();
    const { events } = await emu.trigger('customer_created');
    const [delivery] = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' }, { timeoutMs: 15_000 });
    const tookMs = Date.now() - started;

    expect(delivery!.attempts).toHaveLength(6);
    // Waited the scaled ladder (1.8 s) and not much more; not skipped, not real minutes.
    expect(tookMs).toBeGreaterThanOrEqual(1_750);
    expect(tookMs).toBeLessThan(6_000);
    const starts = delivery!.attempts.map((a) => Date.parse(a.startedAt));
    // A retry's delay runs from the end of the attempt before it (the first attempt also loads the
    // transport, which on a loaded machine can take a second), so measure end to start.
    const ends = delivery!.attempts.map((a) => Date.parse(a.startedAt) + a.durationMs);
    const gaps = starts.slice(1).map((t, i) => t - ends[i]!);
    // Each retry waited at least its scaled delay (never early, never skipped). How much later it
    // ran depends on the machine's load (timers fire late on a busy 2-core runner), so the upper
    // bound is on the whole ladder (tookMs above), not on each gap.
    ladder.forEach((delay, i) => {
      expect(gaps[i], `gap before attempt ${i + 2}`).toBeGreaterThanOrEqual(delay * 0.001 - 2);
    });
    // Journal timestamps are wall-clock time: the whole ladder spans seconds, not 30 minutes.
    expect(starts.at(-1)! - starts[0]!).toBeLessThan(6_000);
  });
});
