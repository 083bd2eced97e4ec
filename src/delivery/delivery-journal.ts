import type { Clock } from '../core/clock.js';
import { matchesFilter, type Attempt, type CancelReason, type Delivery, type DeliveryFilter, type JournalEvent, type TerminalState, type WaitEndReason } from './delivery-domain.js';
import { DeliveryRecord, readDelivery, type NewDelivery } from './journal-records.js';
import { EventIndex } from './event-index.js';
import { JournalWaiters } from './journal-waiters.js';

/** Why a listener is told about a delivery. */
export type DeliveryChange = 'created' | 'attempt' | 'settled';
export type ChangeListener = (delivery: Delivery, change: DeliveryChange) => void;

/**
 * Every delivery, in creation order, with bounded memory: past `maxDeliveries()` the deliveries
 * that settled first are evicted; a pending one never is (so the journal can exceed the cap
 * while more than the cap are pending). Waiters and listeners hear of every change.
 *
 * The records are compact (`journal-records.ts`) and never leave the journal: reads give plain
 * frozen `Delivery` values, and every change is one of the operations below (`add`,
 * `addAttempt`, `scheduleNext`, `settle`), which applies or throws, never quietly drops a write.
 */
export class DeliveryJournal {
  /**
   * The records in creation order (an evicted one leaves a hole until the list is compacted), and
   * beside each the number of its id (`dlv_<n>`). Ids are made in increasing order (the engine's
   * counter; a state document must list them so, `state-document.ts`), so a lookup is a binary
   * search in `numbers`: 16 B per record where a Map would take about 40.
   */
  private list: Array<DeliveryRecord | undefined> = [];
  private numbers: number[] = [];
  private head = 0;
  private live = 0;
  /** Settled records in the order they settled: the eviction order. */
  private settledOrder: DeliveryRecord[] = [];
  private settledHead = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly waiters: JournalWaiters<DeliveryRecord>;
  private readonly byEvent = new EventIndex<DeliveryRecord>();
  private readonly closeListeners = new Set<() => void>();
  private evictedCount = 0;
  /** Changed and evicted since the last `takeChanges` (the data dir's log; kept only once it asks). */
  private tracking = false;
  private touched = new Set<DeliveryRecord>();
  private dropped: string[] = [];

  constructor(
    private readonly maxDeliveries: () => number,
    /** Times long-poll waits: the unscaled wall clock (a wait is the caller's time, not the emulator's). */
    clock: Clock,
  ) {
    this.waiters = new JournalWaiters(clock);
  }

  /**
   * Keeps a new delivery (pending, no attempt) or a saved one whole (a state document's: a
   * settled one is then settled here too). `event` is the copy to keep, shared by the event's deliveries.
   */
  add(delivery: NewDelivery & Partial<Delivery>, event: JournalEvent = delivery.event): void {
    const n = idNumber(delivery.id);
    const last = this.numbers.length === 0 ? 0 : this.numbers[this.numbers.length - 1]!;
    if (!(n > last)) throw new Error(`journal ids must rise (dlv_<n>, n above ${last}); got ${delivery.id}`);
    const record = DeliveryRecord.from(delivery, event);
    this.list.push(record);
    this.numbers.push(n);
    this.byEvent.add(record);
    this.live++;
    this.changed(record, 'created');
    this.evict();
    if (record.state !== 'pending') this.changed(record, 'settled');
  }

  /** Records one more attempt of a delivery in the journal (any number of attempts, any state). */
  addAttempt(id: string, attempt: Attempt): void {
    const record = this.record(id);
    record.addAttempt(attempt);
    this.changed(record, 'attempt');
  }

  /** Sets (or clears, with undefined) when a pending delivery's next attempt is due; throws once settled. */
  scheduleNext(id: string, at: number | undefined): void {
    const record = this.record(id);
    record.scheduleNext(at);
    if (this.tracking) this.touched.add(record);
  }

  /** Ends a pending delivery in `state` at `at` (`reason` for a cancelled one); throws if it had ended. */
  settle(id: string, state: TerminalState, at: number, reason?: CancelReason): void {
    const record = this.record(id);
    record.settle(state, at, reason);
    this.changed(record, 'settled');
  }

  get(id: string): Delivery | undefined {
    const i = this.indexOf(id);
    const record = i === -1 ? undefined : this.list[i];
    return record && readDelivery(record);
  }

  /** How many attempts a delivery has had (0 when unknown), without copying them. */
  attemptCount(id: string): number {
    const i = this.indexOf(id);
    return (i === -1 ? undefined : this.list[i])?.attemptCount ?? 0;
  }

  get size(): number {
    return this.live;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  /** Matching deliveries, oldest first (or newest first with `order: 'desc'`), at most `limit`. */
  query(filter: DeliveryFilter, options: { limit?: number; order?: 'asc' | 'desc' } = {}): { deliveries: Delivery[]; total: number } {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const all = this.matching(filter);
    if (options.order === 'desc') all.reverse();
    return { deliveries: (all.length > limit ? all.slice(0, limit) : all).map(readDelivery), total: all.length };
  }

  /**
   * Resolves once at least `min` deliveries match `filter` (at once if they already do), or at
   * `timeoutMs` with what matches then. `timedOut` says which. A wait cut short by a reset or a
   * shutdown says why, with the deliveries it had matched by then (`released`).
   */
  async waitFor(
    filter: DeliveryFilter,
    min: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ timedOut: boolean; reason?: WaitEndReason; released?: Delivery[] }> {
    const end = await this.waiters.wait(this.matching(filter), filter, min, timeoutMs, signal);
    if (!('reason' in end)) return { timedOut: end.timedOut };
    return { timedOut: false, reason: end.reason, released: end.matched.map(readDelivery) };
  }

  /** How many long-polls are waiting (stats and tests). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Evicts down to the cap now (after the cap was lowered at run time). */
  trim(): void {
    this.evict();
  }

  /** The deliveries changed (as they are now) and the ids evicted since the last call. */
  takeChanges(): { put: Delivery[]; drop: string[] } {
    this.tracking = true;
    const out = { put: [...this.touched].map(readDelivery), drop: this.dropped };
    this.touched = new Set();
    this.dropped = [];
    return out;
  }

  /** Listens to every change; returns the function that stops listening. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets everything (reset). Waiters are answered first, with what they had matched and the reason `reset`. */
  clear(): void {
    this.waiters.releaseAll('reset');
    this.list = [];
    this.numbers = [];
    this.byEvent.clear();
    this.head = 0;
    this.live = 0;
    this.settledOrder = [];
    this.settledHead = 0;
    this.evictedCount = 0;
    this.touched = new Set();
    this.dropped = [];
  }

  /** Stops every waiter (close): they answer at once with what they have, and the reason `shutdown`; then tells `onClose` listeners, once. */
  releaseWaiters(): void {
    this.waiters.releaseAll('shutdown');
    const told = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of told) listener();
  }

  /** Hears once that the engine closes (the SSE stream ends its clients); returns the function that stops listening. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** The record of a delivery in the journal; a write to one that is not there is a bug, not a no-op. */
  private record(id: string): DeliveryRecord {
    const i = this.indexOf(id);
    const record = i === -1 ? undefined : this.list[i];
    if (record === undefined) throw new Error(`no delivery ${id} in the journal`);
    return record;
  }

  /**
   * The records matching `filter`, oldest first. A plain loop, not a generator: a long-poll scans
   * the whole journal (up to maxDeliveries), and a generator allocated a result object per record
   * (at 9 000 records trigger -> waitFor took 1.6x the CPU and 4x the scavenges; docs/performance.md);
   * a filter naming one event reads the event index instead.
   */
  private matching(filter: DeliveryFilter): DeliveryRecord[] {
    // One event's deliveries: from the index, not a scan (issue 24's trigger -> waitFor).
    if (filter.eventId?.length === 1) return this.byEvent.get(filter.eventId[0]!).filter((d) => matchesFilter(d, filter));
    const list = this.list;
    const found: DeliveryRecord[] = [];
    for (let i = this.head; i < list.length; i++) {
      const d = list[i];
      if (d !== undefined && matchesFilter(d, filter)) found.push(d);
    }
    return found;
  }

  /** Where the record with this id is in `list`, or -1 (binary search; ids increase along the list). */
  private indexOf(id: string): number {
    const n = idNumber(id);
    if (Number.isNaN(n)) return -1;
    const numbers = this.numbers;
    let lo = this.head;
    let hi = numbers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = numbers[mid]!;
      if (m === n) return this.list[mid]?.id === id ? mid : -1;
      if (m < n) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Tells listeners (a plain copy, made only when someone listens) and waiters; a settled delivery becomes evictable. */
  private changed(record: DeliveryRecord, change: DeliveryChange): void {
    this.waiters.changed(record);
    if (this.tracking) this.touched.add(record);
    if (this.listeners.size > 0) {
      const plain = readDelivery(record);
      for (const l of this.listeners) l(plain, change);
    }
    if (change === 'settled') {
      this.settledOrder.push(record);
      this.evict();
    }
  }

  private evict(): void {
    const max = this.maxDeliveries();
    while (this.live > max && this.settledHead < this.settledOrder.length) {
      const d = this.settledOrder[this.settledHead++]!;
      if (!this.remove(d)) continue;
      this.evictedCount++;
      this.waiters.evicted(d);
    }
    if (this.settledHead > 4096 && this.settledHead * 2 > this.settledOrder.length) {
      this.settledOrder = this.settledOrder.slice(this.settledHead);
      this.settledHead = 0;
    }
  }

  /** Takes a record out (false if it is not in the journal); compacts the list once half of it is holes. */
  private remove(d: DeliveryRecord): boolean {
    const i = this.indexOf(d.id);
    if (i === -1 || this.list[i] !== d) return false;
    this.list[i] = undefined;
    this.byEvent.remove(d);
    this.live--;
    if (this.tracking) {
      this.touched.delete(d);
      this.dropped.push(d.id);
    }
    while (this.head < this.list.length && this.list[this.head] === undefined) this.head++;
    const used = this.list.length - this.head;
    if (used > 1024 && this.live * 2 < used) this.compact();
    else if (this.head > 1024 && this.head * 2 > this.list.length) this.compact();
    return true;
  }

  private compact(): void {
    const list: Array<DeliveryRecord | undefined> = [];
    const numbers: number[] = [];
    for (let i = this.head; i < this.list.length; i++) {
      const d = this.list[i];
      if (d === undefined) continue;
      list.push(d);
      numbers.push(this.numbers[i]!);
    }
    this.list = list;
    this.numbers = numbers;
    this.head = 0;
  }
}

/** The number in an id `dlv_<n>` as the engine makes them (no leading zero), else NaN. */
function idNumber(id: string): number {
  return /^dlv_[1-9]\d{0,14}$/.test(id) ? Number(id.slice(4)) : Number.NaN;
}
