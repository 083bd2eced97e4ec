import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/logger.js';
import { compactingCollect, settleHeapAfterBursts, type HeapSettler } from './heap-settle.js';
import { looks } from '../../test/support/looks.js';

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

// maxUtilization 1: the test worker's own event loop never counts as busy here.
const fast = { everyMs: 5, quietMs: 20, minDeliveries: 100, maxUtilization: 1 };

/** A fake round: the heap's total size after each round, from a list (the last repeats). */
function rounds(totals: number[]) {
  let i = 0;
  return vi.fn((): number => totals[Math.min(i++, totals.length - 1)]!);
}

const MiB = 1024 * 1024;

describe('settleHeapAfterBursts', () => {
  it('settles once after a burst has gone quiet, logs what it did, and not again without new deliveries', async () => {
    const { state, read } = activity();
    const { lines, logger } = logLines();
    const round = rounds([0]);
    const settler = settleHeapAfterBursts(read, logger, { ...fast, round });
    settlers.push(settler);
    state.created = 150;
    await vi.waitFor(() => expect(settler.settles()).toBe(1), { timeout: 10_000, interval: 5 });
    const line = JSON.parse(lines.find((l) => l.includes('heap settled'))!) as { rounds: number; interrupted: boolean; heapTotalMiB: number[]; heapUsedMiB: number[] };
    expect(line).toMatchObject({ rounds: 2, interrupted: false });
    expect(line.heapTotalMiB).toHaveLength(2);
    expect(line.heapUsedMiB).toHaveLength(2);
    expect(round).toHaveBeenCalledTimes(2);
    await looks(state, 20);
    expect(settler.settles()).toBe(1);
    // A second burst settles again.
    state.created = 300;
    await vi.waitFor(() => expect(settler.settles()).toBe(2), { timeout: 10_000, interval: 5 });
  });

  it('runs rounds while each gives back 2 MiB or more, up to maxRounds', async () => {
    const { state, read } = activity();
    const { lines, logger } = logLines();
    const settler = settleHeapAfterBursts(read, logger, { ...fast, round: rounds([100 * MiB, 90 * MiB, 80 * MiB, 79 * MiB]) });
    settlers.push(settler);
    state.created = 150;
    await vi.waitFor(() => expect(settler.settles()).toBe(1), { timeout: 10_000, interval: 5 });
    expect(JSON.parse(lines.find((l) => l.includes('heap settled'))!)).toMatchObject({ rounds: 4 });

    const capped = logLines();
    const { state: s2, read: read2 } = activity();
    const second = settleHeapAfterBursts(read2, capped.logger, { ...fast, maxRounds: 3, round: rounds([100 * MiB, 90 * MiB, 80 * MiB, 70 * MiB]) });
    settlers.push(second);
    s2.created = 150;
    await vi.waitFor(() => expect(second.settles()).toBe(1), { timeout: 10_000, interval: 5 });
    expect(JSON.parse(capped.lines.find((l) => l.includes('heap settled'))!)).toMatchObject({ rounds: 3 });
  });

  it('stops between rounds when deliveries start again', async () => {
    const { state, read } = activity();
    const { lines, logger } = logLines();
    const round = vi.fn(() => {
      state.created++; // a trigger arrived during the round
      return 0;
    });
    const settler = settleHeapAfterBursts(read, logger, { ...fast, round });
    settlers.push(settler);
    state.created = 150;
    await vi.waitFor(() => expect(settler.settles()).toBe(1), { timeout: 10_000, interval: 5 });
    expect(JSON.parse(lines.find((l) => l.includes('heap settled'))!)).toMatchObject({ rounds: 1, interrupted: true });
  });

  it('waits while deliveries are pending or still being created, and for a burst worth the pause', async () => {
    const { state, read } = activity();
    const round = rounds([0]);
    const settler = settleHeapAfterBursts(read, logLines().logger, { ...fast, round });
    settlers.push(settler);
    state.created = 50; // under minDeliveries
    await looks(state, 20);
    expect(round).not.toHaveBeenCalled();
    state.created = 150;
    state.pending = 3;
    await looks(state, 20);
    expect(round).not.toHaveBeenCalled();
    // Still creating: every look sees a new count.
    for (let i = 0; i < 10; i++) {
      state.created++;
      await looks(state, 1);
    }
    state.pending = 0;
    state.created++;
    expect(round).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(settler.settles()).toBe(1), { timeout: 10_000, interval: 5 });
  });

  it('holds off while the event loop is busier than maxUtilization', async () => {
    const { state, read } = activity();
    const round = rounds([0]);
    settlers.push(settleHeapAfterBursts(read, logLines().logger, { ...fast, maxUtilization: -1, round }));
    state.created = 500;
    await looks(state, 30);
    expect(round).not.toHaveBeenCalled();
  });

  it('counts from a reset: deliveries numbered from the start again still make a burst', async () => {
    const { state, read } = activity();
    const settler = settleHeapAfterBursts(read, logLines().logger, { ...fast, round: rounds([0]) });
    settlers.push(settler);
    state.created = 150;
    await vi.waitFor(() => expect(settler.settles()).toBe(1), { timeout: 10_000, interval: 5 });
    state.created = 0; // reset
    await looks(state, 5);
    state.created = 120;
    await vi.waitFor(() => expect(settler.settles()).toBe(2), { timeout: 10_000, interval: 5 });
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
