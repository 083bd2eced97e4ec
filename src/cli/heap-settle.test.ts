import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/logger.js';
import { compactingCollect, settleHeapAfterBursts, type HeapSettler } from './heap-settle.js';

/** A fake engine: what the settler reads, and how many times it has looked. */
function activity() {
  const state = { created: 0, pending: 0, looks: 0 };
  const read = () => {
    state.looks++;
    return { created: state.created, pending: state.pending };
  };
  return { state, read };
}

function logLines() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('debug', 'json', stream) };
}

const settlers: HeapSettler[] = [];
afterEach(() => {
  for (const s of settlers.splice(0)) s.stop();
});

/** Waits until the settler has looked `n` more times (a condition, not a sleep). */
async function looks(state: { looks: number }, n: number): Promise<void> {
  const target = state.looks + n;
  await vi.waitFor(() => expect(state.looks).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 5 });
}

// maxUtilization 1: the test worker's own event loop never counts as busy here.
const fast = { everyMs: 5, quietMs: 20, minDeliveries: 100, maxUtilization: 1 };

describe('settleHeapAfterBursts', () => {
  it('collects once after a burst has gone quiet, logs what it freed, and not again without new deliveries', async () => {
    const { state, read } = activity();
    const { lines, logger } = logLines();
    const collect = vi.fn(() => 2);
    const settler = settleHeapAfterBursts(read, logger, { ...fast, collect });
    settlers.push(settler);
    state.created = 150;
    await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    expect(settler.settles()).toBe(1);
    const line = JSON.parse(lines.find((l) => l.includes('heap settled'))!) as { heapTotalMiB: number[]; heapUsedMiB: number[] };
    expect(line.heapTotalMiB).toHaveLength(2);
    expect(line.heapUsedMiB).toHaveLength(2);
    await looks(state, 20);
    expect(collect).toHaveBeenCalledTimes(1);
    // A second burst settles again.
    state.created = 300;
    await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(2), { timeout: 10_000, interval: 5 });
  });

  it('waits while deliveries are pending or still being created, and for a burst worth the pause', async () => {
    const { state, read } = activity();
    const collect = vi.fn(() => 2);
    settlers.push(settleHeapAfterBursts(read, logLines().logger, { ...fast, collect }));
    state.created = 50; // under minDeliveries
    await looks(state, 20);
    expect(collect).not.toHaveBeenCalled();
    state.created = 150;
    state.pending = 3;
    await looks(state, 20);
    expect(collect).not.toHaveBeenCalled();
    // Still creating: every look sees a new count.
    for (let i = 0; i < 10; i++) {
      state.created++;
      await looks(state, 1);
    }
    state.pending = 0;
    state.created++;
    expect(collect).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
  });

  it('holds off while the event loop is busier than maxUtilization', async () => {
    const { state, read } = activity();
    const collect = vi.fn(() => 2);
    settlers.push(settleHeapAfterBursts(read, logLines().logger, { ...fast, maxUtilization: -1, collect }));
    state.created = 500;
    await looks(state, 30);
    expect(collect).not.toHaveBeenCalled();
  });

  it('counts from a reset: deliveries numbered from the start again still make a burst', async () => {
    const { state, read } = activity();
    const collect = vi.fn(() => 2);
    settlers.push(settleHeapAfterBursts(read, logLines().logger, { ...fast, collect }));
    state.created = 150;
    await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    state.created = 0; // reset
    await looks(state, 5);
    state.created = 120;
    await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(2), { timeout: 10_000, interval: 5 });
  });
});

describe('compactingCollect', () => {
  it('is a real full collection: an unreachable object is gone after it', async () => {
    let target: object | undefined = { big: new Array(1000).fill('x') };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target for the rest of the job that made it.
    await new Promise((r) => setImmediate(r));
    const rounds = compactingCollect();
    expect(ref.deref()).toBeUndefined();
    // At least two, until one gives back little; never past the bound.
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(rounds).toBeLessThanOrEqual(8);
    expect(compactingCollect(3)).toBeLessThanOrEqual(3);
  });
});
