import { afterEach, describe, expect, it, vi } from 'vitest';
import { releaseYoungGenerationOnWork, type YoungGenerationRelease } from './young-generation.js';

/** A fake engine's delivery count, and how many times it has been read. */
function deliveries() {
  const state = { created: 0, looks: 0 };
  const read = (): number => {
    state.looks++;
    return state.created;
  };
  return { state, read };
}

const watchers: YoungGenerationRelease[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

/** Waits until the watcher has looked `n` more times (a condition, not a sleep). */
async function looks(state: { looks: number }, n: number): Promise<void> {
  const target = state.looks + n;
  await vi.waitFor(() => expect(state.looks).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 5 });
}

/** Waits for `n` looks of another watcher on the same interval: time for the one under test to have looked too. */
async function intervalsPass(n: number): Promise<void> {
  const other = deliveries();
  const w = releaseYoungGenerationOnWork(other.read, { everyMs: 5, busyUtilization: 1, release: () => {} });
  watchers.push(w);
  await looks(other.state, n);
}

describe('releaseYoungGenerationOnWork', () => {
  it('keeps the young generation held while nothing is delivered, and gives it back on the first delivery, once', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    // busyUtilization 1: the test worker's own event loop never counts as load here.
    const w = releaseYoungGenerationOnWork(read, { everyMs: 5, busyUtilization: 1, release });
    watchers.push(w);
    await looks(state, 5);
    expect(release).not.toHaveBeenCalled();
    expect(w.released()).toBe(false);
    state.created = 1;
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    expect(w.released()).toBe(true);
    const seen = state.looks;
    state.created = 50;
    // It stopped looking: more intervals pass without a read or a second release.
    await intervalsPass(10);
    expect(state.looks).toBe(seen);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('gives it back when the event loop is busy after the grace looks, not during them', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    // busyUtilization -1: every look counts as busy, so only the grace holds it back.
    const w = releaseYoungGenerationOnWork(read, { everyMs: 5, busyUtilization: -1, graceLooks: 4, release });
    watchers.push(w);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    // One read at the start (the count to compare with), four looks of grace, the fifth releases.
    expect(state.looks).toBe(6);
    expect(state.created).toBe(0);
  });

  it('never gives it back once stopped', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    const w = releaseYoungGenerationOnWork(read, { everyMs: 5, busyUtilization: 1, release });
    await looks(state, 2);
    w.stop();
    state.created = 3;
    const seen = state.looks;
    await intervalsPass(10);
    expect(state.looks).toBe(seen);
    expect(release).not.toHaveBeenCalled();
  });
});
