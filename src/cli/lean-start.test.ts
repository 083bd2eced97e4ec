import { afterEach, describe, expect, it, vi } from 'vitest';
import { endLeanStartOnWork, leanFlagsFor, type LeanStartEnd } from './lean-start.js';
import { looks } from '../../test/support/looks.js';

/** A fake engine's delivery count, and how many times it has been read. */
function deliveries() {
  const state = { created: 0, looks: 0 };
  const read = (): number => {
    state.looks++;
    return state.created;
  };
  return { state, read };
}

const watchers: LeanStartEnd[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

/** Waits for `n` looks of another watcher on the same interval: time for the one under test to have looked too. */
async function intervalsPass(n: number): Promise<void> {
  const other = deliveries();
  const w = endLeanStartOnWork(other.read, { everyMs: 5, busyUtilization: 1, quietUtilization: -1, end: () => {} });
  watchers.push(w);
  await looks(other.state, n);
}

describe('endLeanStartOnWork', () => {
  it('stays lean while nothing is delivered, and gives V8 its defaults back on the first delivery, once', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    // busyUtilization 1: the test worker's own event loop never counts as load here.
    const w = endLeanStartOnWork(read, { everyMs: 5, busyUtilization: 1, quietUtilization: -1, end: release });
    watchers.push(w);
    await looks(state, 5);
    expect(release).not.toHaveBeenCalled();
    expect(w.ended()).toBe(false);
    state.created = 1;
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    expect(w.ended()).toBe(true);
    const seen = state.looks;
    state.created = 50;
    // It stopped looking: more intervals pass without a read or a second release.
    await intervalsPass(10);
    expect(state.looks).toBe(seen);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('ends when the event loop has been busy for busyLooks in a row after the grace looks, not during them', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    // busyUtilization -1: every look counts as busy, so only the grace holds it back.
    const w = endLeanStartOnWork(read, { everyMs: 5, busyUtilization: -1, quietUtilization: -1, graceLooks: 4, busyLooks: 3, end: release });
    watchers.push(w);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    // One read at the start (the count to compare with), four looks of grace, three busy ones: the last ends it.
    expect(state.looks).toBe(8);
    expect(state.created).toBe(0);
  });

  it('settles start-up once, after its quiet looks past the grace, while still lean, and never after the end', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    const settle = vi.fn();
    // quietUtilization 2: every look is quiet; busyUtilization 1: none is busy.
    const w = endLeanStartOnWork(read, { everyMs: 5, busyUtilization: 1, quietUtilization: 2, graceLooks: 4, quietLooks: 3, end: release, settle });
    watchers.push(w);
    await vi.waitFor(() => expect(settle).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    // One read at the start, four looks of grace, three quiet ones: the last settles.
    expect(state.looks).toBe(8);
    await intervalsPass(10);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(release).not.toHaveBeenCalled();
    state.created = 1;
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    expect(settle).toHaveBeenCalledTimes(1);
  });

  it('does not settle when the first delivery comes before start-up was quiet', async () => {
    const { state, read } = deliveries();
    const settle = vi.fn();
    const release = vi.fn();
    const w = endLeanStartOnWork(read, { everyMs: 5, busyUtilization: 1, quietUtilization: 2, graceLooks: 20, end: release, settle });
    watchers.push(w);
    state.created = 1;
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 5 });
    await intervalsPass(30);
    expect(settle).not.toHaveBeenCalled();
  });

  it('never ends once stopped', async () => {
    const { state, read } = deliveries();
    const release = vi.fn();
    const w = endLeanStartOnWork(read, { everyMs: 5, busyUtilization: 1, quietUtilization: -1, end: release });
    await looks(state, 2);
    w.stop();
    state.created = 3;
    const seen = state.looks;
    await intervalsPass(10);
    expect(state.looks).toBe(seen);
    expect(release).not.toHaveBeenCalled();
  });
});

describe('leanFlagsFor', () => {
  const holds = (given: string) => leanFlagsFor(given).map((f) => f.hold);

  it('holds all three when node was given none of them, each with V8 default to give back', () => {
    expect(leanFlagsFor('')).toEqual([
      { hold: '--semi-space-growth-factor=1', give: '--semi-space-growth-factor=2' },
      { hold: '--no-turbofan', give: '--turbofan' },
      { hold: '--no-sparkplug', give: '--sparkplug' },
    ]);
  });

  it('leaves a flag someone gave node (argv or NODE_OPTIONS) to them', () => {
    expect(holds('--max-semi-space-size=4')).toEqual(['--no-turbofan', '--no-sparkplug']);
    expect(holds('--no-opt')).toEqual(['--semi-space-growth-factor=1', '--no-sparkplug']);
    expect(holds('--max-old-space-size=512 --turbofan')).toEqual(['--semi-space-growth-factor=1', '--no-sparkplug']);
    expect(holds('--always-sparkplug')).toEqual(['--semi-space-growth-factor=1', '--no-turbofan']);
    // --jitless has no compilers to give back: turning them on would be the bin's doing.
    expect(holds('--jitless')).toEqual(['--semi-space-growth-factor=1']);
  });
});
