import type { Clock, TimerHandle } from '../core/clock.js';
import { matchesFilter, type DeliveryFilter, type Filterable, type WaitEndReason } from './delivery-domain.js';

interface Waiter<R> {
  filter: DeliveryFilter;
  min: number;
  matched: Set<R>;
  timer: TimerHandle;
  finish: (timedOut: boolean, reason?: WaitEndReason) => void;
}

/** How a wait ended: `reason` when it was cut short (reset, shutdown), with the records it had matched then. */
export type WaitEnd<R> = { timedOut: boolean } | { timedOut: false; reason: WaitEndReason; matched: R[] };

/**
 * The journal's long-polls: each waits until at least `min` deliveries match its filter. The
 * journal tells them of every change and eviction; they hold its records, never copies.
 */
export class JournalWaiters<R extends Filterable> {
  private readonly waiters = new Set<Waiter<R>>();

  /** Times long-poll waits: the unscaled wall clock (a wait is the caller's time, not the emulator's). */
  constructor(private readonly clock: Clock) {}

  /**
   * Resolves once at least `min` records match `filter` (at once if the records `matching` it now
   * are enough; those that change later are told by `changed`), or at `timeoutMs` with what
   * matches then. `timedOut` says which.
   */
  wait(matching: readonly R[], filter: DeliveryFilter, min: number, timeoutMs: number, signal?: AbortSignal): Promise<WaitEnd<R>> {
    const matched = new Set<R>(matching);
    if (matched.size >= min || signal?.aborted) return Promise.resolve({ timedOut: false });
    return new Promise((resolve) => {
      // A long-poll whose client went away stops at once: it would otherwise be checked on
      // every change until its timeout (up to minutes), however many clients gave up.
      const abandon = (): void => waiter.finish(true);
      const waiter: Waiter<R> = {
        filter,
        min,
        matched,
        timer: this.clock.setTimeout(() => waiter.finish(true), timeoutMs),
        finish: (timedOut, reason) => {
          waiter.timer.cancel();
          signal?.removeEventListener('abort', abandon);
          this.waiters.delete(waiter);
          resolve(reason === undefined ? { timedOut } : { timedOut: false, reason, matched: [...matched] });
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', abandon, { once: true });
    });
  }

  /** A record changed: it may now match a waiter's filter, or no longer. */
  changed(record: R): void {
    for (const w of this.waiters) {
      if (matchesFilter(record, w.filter)) w.matched.add(record);
      else w.matched.delete(record);
      if (w.matched.size >= w.min) w.finish(false);
    }
  }

  /** A record left the journal: it no longer counts for anyone. */
  evicted(record: R): void {
    for (const w of this.waiters) w.matched.delete(record);
  }

  get size(): number {
    return this.waiters.size;
  }

  /** Answers every waiter at once with what it has matched and why (reset, shutdown). */
  releaseAll(reason: WaitEndReason): void {
    for (const w of [...this.waiters]) w.finish(false, reason);
  }
}
