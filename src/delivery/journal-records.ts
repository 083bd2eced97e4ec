import type { FaultName } from '../config/delivery-config.js';
import type { Attempt, AttemptOutcome, CancelReason, Delivery, DeliveryState, JournalEvent, TerminalState } from './delivery-domain.js';
import { plainAttempt } from './delivery-view.js';

/**
 * The journal's compact storage, private to `delivery-journal.ts`: a record per delivery, small
 * and of one shape. Nothing outside the journal sees a record: it reads plain frozen values
 * (`readDelivery`) and writes through the record's explicit operations, each of which either
 * applies or throws (no setter that quietly ignores a write).
 */

/**
 * Times in records are kept as a small integer offset from this instant (an integer in int32
 * range is stored inline by V8, a larger number as a 16-byte heap number): ms since the Unix
 * epoch for about 24 days either side of start-up. Other times (fractional, far away) are kept
 * boxed, exactly. Reading gives back the very number stored.
 */
const TIME_BASE = Date.now();
type PackedTime = number | { at: number };

function packTime(at: number): PackedTime {
  const offset = at - TIME_BASE;
  return (offset | 0) === offset ? offset : { at };
}

function unpackTime(p: PackedTime): number {
  return typeof p === 'number' ? p + TIME_BASE : p.at;
}

/** What an attempt rarely has, kept apart (a successful attempt has none of it). */
interface AttemptExtra {
  error: string | undefined;
  fault: FaultName | undefined;
  latencyMs: number | undefined;
}

/**
 * The journal's record of an attempt: every field always present (undefined when it does not
 * apply), in one order, so all attempts share one hidden class; `startedAt` is a packed time and
 * the fields most attempts lack (`error`, `fault`, `latencyMs`) live in one optional object.
 * Never changed once made.
 */
export class AttemptRecord implements Attempt {
  private readonly started: PackedTime;
  private readonly extra: AttemptExtra | undefined;

  private constructor(
    readonly number: number,
    startedAt: number,
    readonly durationMs: number,
    readonly outcome: AttemptOutcome,
    readonly status: number | undefined,
    error: string | undefined,
    readonly responseBody: string | undefined,
    fault: FaultName | undefined,
    latencyMs: number | undefined,
  ) {
    this.started = packTime(startedAt);
    this.extra = error === undefined && fault === undefined && latencyMs === undefined ? undefined : { error, fault, latencyMs };
  }

  get startedAt(): number {
    return unpackTime(this.started);
  }

  get error(): string | undefined {
    return this.extra?.error;
  }

  get fault(): FaultName | undefined {
    return this.extra?.fault;
  }

  get latencyMs(): number | undefined {
    return this.extra?.latencyMs;
  }

  /** The compact copy of a plain attempt; recurring short strings are shared (`share`). */
  static from(a: Attempt): AttemptRecord {
    return new AttemptRecord(a.number, a.startedAt, a.durationMs, a.outcome, a.status, share(a.error), share(a.responseBody), a.fault, a.latencyMs);
  }
}

/** What a new delivery is made of (the rest starts empty: pending, no attempt). */
export type NewDelivery = Pick<Delivery, 'id' | 'event' | 'hookUrl' | 'apiKey' | 'subscriptionId' | 'createdAt' | 'redeliveryOf'>;

/**
 * A delivery as the journal keeps it: every field present from the start (undefined while
 * unset), times packed (`packTime`), and a lone first attempt kept without a list of its own
 * (most deliveries have one attempt). It changes only through `addAttempt`, `scheduleNext` and
 * `settle`.
 */
export class DeliveryRecord {
  private current: DeliveryState = 'pending';
  /** The lone first attempt, or every attempt once there are two or more. */
  private tried: AttemptRecord | AttemptRecord[] | undefined = undefined;
  private readonly created: PackedTime;
  /** While pending, the next attempt's time; once settled, the settlement's (never both at once). */
  private when: PackedTime | undefined = undefined;
  private reason: CancelReason | undefined = undefined;

  private constructor(
    readonly id: string,
    readonly event: JournalEvent,
    readonly hookUrl: string,
    readonly apiKey: string,
    readonly subscriptionId: string,
    createdAt: number,
    readonly redeliveryOf: string | undefined,
  ) {
    this.created = packTime(createdAt);
  }

  /** A pending record, or one holding a saved delivery whole (state, attempts, times). */
  static from(d: NewDelivery & Partial<Delivery>, event: JournalEvent = d.event): DeliveryRecord {
    const r = new DeliveryRecord(d.id, event, d.hookUrl, d.apiKey, d.subscriptionId, d.createdAt, d.redeliveryOf);
    const state = d.state ?? 'pending';
    r.current = state;
    for (const a of d.attempts ?? []) r.addAttempt(a);
    const at = state === 'pending' ? d.nextAttemptAt : d.settledAt;
    r.when = at === undefined ? undefined : packTime(at);
    r.reason = d.cancelReason;
    return r;
  }

  get state(): DeliveryState {
    return this.current;
  }

  get attempts(): readonly Attempt[] {
    const t = this.tried;
    return t === undefined ? [] : Array.isArray(t) ? t : [t];
  }

  get attemptCount(): number {
    const t = this.tried;
    return t === undefined ? 0 : Array.isArray(t) ? t.length : 1;
  }

  get createdAt(): number {
    return unpackTime(this.created);
  }

  get nextAttemptAt(): number | undefined {
    return this.current !== 'pending' || this.when === undefined ? undefined : unpackTime(this.when);
  }

  get settledAt(): number | undefined {
    return this.current === 'pending' || this.when === undefined ? undefined : unpackTime(this.when);
  }

  get cancelReason(): CancelReason | undefined {
    return this.reason;
  }

  /** Keeps one more attempt, whatever the delivery's state and however many it has. */
  addAttempt(a: Attempt): void {
    const added = AttemptRecord.from(a);
    const t = this.tried;
    // Lists of exactly their length: a list grown by `push` reserves room for 16 more (~140 B).
    this.tried = t === undefined ? added : Array.isArray(t) ? [...t, added] : [t, added];
  }

  /** Sets (or clears) the next attempt's time; only a pending delivery has one. */
  scheduleNext(at: number | undefined): void {
    if (this.current !== 'pending') throw new Error(`${this.id} is ${this.current}: a settled delivery has no next attempt`);
    this.when = at === undefined ? undefined : packTime(at);
  }

  /** Ends the delivery: its state, when, and (cancelled) why, in one step; the next attempt's time goes. */
  settle(state: TerminalState, at: number, reason: CancelReason | undefined): void {
    if (this.current !== 'pending') throw new Error(`${this.id} is already ${this.current}`);
    this.current = state;
    this.when = packTime(at);
    if (reason !== undefined) this.reason = reason;
  }
}

/** A record as a plain frozen `Delivery`, its fields in the journal's order (as `plainDelivery` gives). */
export function readDelivery(r: DeliveryRecord): Delivery {
  const attempts = r.attempts.map((a) => Object.freeze(plainAttempt(a)));
  const out: { -readonly [K in keyof Delivery]: Delivery[K] } = { id: r.id, event: r.event, hookUrl: r.hookUrl, apiKey: r.apiKey, subscriptionId: r.subscriptionId, state: r.state, attempts: Object.freeze(attempts), createdAt: r.createdAt };
  if (r.redeliveryOf !== undefined) out.redeliveryOf = r.redeliveryOf;
  const next = r.nextAttemptAt;
  if (next !== undefined) out.nextAttemptAt = next;
  const settled = r.settledAt;
  if (settled !== undefined) out.settledAt = settled;
  if (r.cancelReason !== undefined) out.cancelReason = r.cancelReason;
  return Object.freeze(out);
}

/** Strings up to this long are shared (`share`): answers such as "OK", "" or {"ok":true}. */
const SHARED_MAX_LENGTH = 256;
const SHARED_MAX_ENTRIES = 1024;
let shared = new Map<string, string>();

/**
 * One copy of a short string that recurs (a receiver's answer, an error message): each attempt
 * would otherwise keep its own copy of the same few bytes. A bounded table, started afresh when full.
 */
export function share<T extends string | undefined>(s: T): T {
  if (s === undefined || s.length > SHARED_MAX_LENGTH) return s;
  const known = shared.get(s);
  if (known !== undefined) return known as T;
  if (shared.size >= SHARED_MAX_ENTRIES) shared = new Map();
  shared.set(s, s);
  return s;
}
