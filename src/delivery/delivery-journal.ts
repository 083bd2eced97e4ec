import type { Clock, TimerHandle } from '../core/clock.js';
import { matchesFilter, type Delivery, type DeliveryFilter } from './delivery.js';

/** Why a listener is told about a delivery. */
export type DeliveryChange = 'created' | 'attempt' | 'settled';
export type ChangeListener = (delivery: Delivery, change: DeliveryChange) => void;

interface Waiter {
  filter: DeliveryFilter;
  min: number;
  matched: Set<Delivery>;
  timer: TimerHandle;
  finish: (timedOut: boolean) => void;
}

/**
 * Every delivery, in creation order, with bounded memory: past `maxDeliveries()` the deliveries
 * that settled first are evicted; a pending one never is (so the journal can exceed the cap
 * while more than the cap are pending). Waiters and listeners hear of every change.
 */
export class DeliveryJournal {
  private readonly records = new Map<string, Delivery>();
  /** Settled ids in the order they settled: the eviction order. */
  private settledOrder: string[] = [];
  private settledHead = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly waiters = new Set<Waiter>();
  private evictedCount = 0;

  constructor(
    private readonly maxDeliveries: () => number,
    /** Times long-poll waits: the unscaled wall clock (a wait is the caller's time, not the emulator's). */
    private readonly clock: Clock,
  ) {}

  add(delivery: Delivery): void {
    this.records.set(delivery.id, delivery);
    this.changed(delivery, 'created');
    this.evict();
  }

  get(id: string): Delivery | undefined {
    return this.records.get(id);
  }

  get size(): number {
    return this.records.size;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  /** Tells listeners and waiters; a settled delivery becomes evictable. */
  changed(delivery: Delivery, change: DeliveryChange): void {
    for (const w of this.waiters) {
      if (matchesFilter(delivery, w.filter)) w.matched.add(delivery);
      else w.matched.delete(delivery);
      if (w.matched.size >= w.min) w.finish(false);
    }
    for (const l of this.listeners) l(delivery, change);
    if (change === 'settled') {
      this.settledOrder.push(delivery.id);
      this.evict();
    }
  }

  /** Matching deliveries, oldest first (or newest first with `order: 'desc'`), at most `limit`. */
  query(filter: DeliveryFilter, options: { limit?: number; order?: 'asc' | 'desc' } = {}): { deliveries: Delivery[]; total: number } {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const all: Delivery[] = [];
    for (const d of this.records.values()) if (matchesFilter(d, filter)) all.push(d);
    if (options.order === 'desc') all.reverse();
    return { deliveries: all.length > limit ? all.slice(0, limit) : all, total: all.length };
  }

  /**
   * Resolves once at least `min` deliveries match `filter` (at once if they already do), or at
   * `timeoutMs` with what matches then. `timedOut` says which.
   */
  waitFor(filter: DeliveryFilter, min: number, timeoutMs: number, signal?: AbortSignal): Promise<{ timedOut: boolean }> {
    const matched = new Set<Delivery>();
    for (const d of this.records.values()) if (matchesFilter(d, filter)) matched.add(d);
    if (matched.size >= min || signal?.aborted) return Promise.resolve({ timedOut: false });
    return new Promise((resolve) => {
      // A long-poll whose client went away stops at once: it would otherwise be checked on
      // every change until its timeout (up to minutes), however many clients gave up.
      const abandon = (): void => waiter.finish(true);
      const waiter: Waiter = {
        filter,
        min,
        matched,
        timer: this.clock.setTimeout(() => waiter.finish(true), timeoutMs),
        finish: (timedOut) => {
          waiter.timer.cancel();
          signal?.removeEventListener('abort', abandon);
          this.waiters.delete(waiter);
          resolve({ timedOut });
        },
      };
      this.waiters.add(waiter);
      signal?.addEventListener('abort', abandon, { once: true });
    });
  }

  /** How many long-polls are waiting (stats and tests). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Evicts down to the cap now (after the cap was lowered at run time). */
  trim(): void {
    this.evict();
  }

  /** Listens to every change; returns the function that stops listening. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everything (reset). Waiters are answered with what matches: nothing. */
  clear(): void {
    this.records.clear();
    this.settledOrder = [];
    this.settledHead = 0;
    this.evictedCount = 0;
    for (const w of [...this.waiters]) w.finish(false);
  }

  /** Stops every waiter (close): they answer at once with what they have. */
  releaseWaiters(): void {
    for (const w of [...this.waiters]) w.finish(false);
  }

  private evict(): void {
    const max = this.maxDeliveries();
    while (this.records.size > max && this.settledHead < this.settledOrder.length) {
      const id = this.settledOrder[this.settledHead++]!;
      const d = this.records.get(id);
      if (!d) continue;
      this.records.delete(id);
      this.evictedCount++;
      for (const w of this.waiters) w.matched.delete(d);
    }
    if (this.settledHead > 4096 && this.settledHead * 2 > this.settledOrder.length) {
      this.settledOrder = this.settledOrder.slice(this.settledHead);
      this.settledHead = 0;
    }
  }
}
