import { expect, vi } from 'vitest';

/**
 * Waits until a watcher on a timer (the lean start's, the heap settler's) has looked `n` more
 * times, counted by the fake it reads in `state.looks`: a condition, not a sleep.
 */
export async function looks(state: { looks: number }, n: number): Promise<void> {
  const target = state.looks + n;
  await vi.waitFor(() => expect(state.looks).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 5 });
}
