import type { EventType } from '../core/event-types.js';
import type { FaultName } from '../config/delivery-config.js';
import type { AccountEvent } from '../core/event.js';
import type { NetworkFailure } from './transport.js';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'dropped', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export type TerminalState = Exclude<DeliveryState, 'pending'>;

/** What one attempt came to, as named in the journal. */
export type AttemptOutcome =
  | 'success'
  | 'http_error'
  | 'timeout'
  | NetworkFailure
  | 'injected_drop'
  | 'injected_abort'
  | 'cancelled';

export interface Attempt {
  number: number;
  /** Wall-clock ms when the request started (after any injected latency). */
  startedAt: number;
  durationMs: number;
  outcome: AttemptOutcome;
  status?: number;
  error?: string;
  /** The receiver's answer, first 2 KB. */
  responseBody?: string;
  /** The injected fault applied to this attempt, if any; `duplicate` marks the second copy. */
  fault?: FaultName;
  /** Injected latency (and reorder hold) waited before this attempt. */
  latencyMs?: number;
}

/**
 * What the journal keeps of an event: its serialised body, not the parsed payload (which would
 * double the memory per record); views parse the body back. Shared by all the event's deliveries.
 */
export type JournalEvent = Pick<AccountEvent, 'id' | 'type' | 'apiKey' | 'body'>;

/** Keeps only what the journal needs of an event (one object per event, shared by its deliveries). */
export function journalEvent(event: JournalEvent): JournalEvent {
  // JSON.stringify makes a long string as a tree of pieces; measuring it makes V8 join them into
  // one flat string now, while young, and the collector then drops the tree: ~190 B less per
  // 800-character body kept in the journal (and the transport writes a flat string).
  Buffer.byteLength(event.body);
  return { id: event.id, type: event.type, apiKey: event.apiKey, body: event.body };
}

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
 */
export class AttemptRecord implements Attempt {
  private started: PackedTime;
  private extra: AttemptExtra | undefined;

  constructor(
    public number: number,
    startedAt: number,
    public durationMs: number,
    public outcome: AttemptOutcome,
    public status: number | undefined,
    error: string | undefined,
    public responseBody: string | undefined,
    fault: FaultName | undefined,
    latencyMs: number | undefined,
  ) {
    this.started = packTime(startedAt);
    this.extra = error === undefined && fault === undefined && latencyMs === undefined ? undefined : { error, fault, latencyMs };
  }

  get startedAt(): number {
    return unpackTime(this.started);
  }

  set startedAt(at: number) {
    this.started = packTime(at);
  }

  get error(): string | undefined {
    return this.extra?.error;
  }

  set error(error: string | undefined) {
    this.setExtra(error, this.fault, this.latencyMs);
  }

  get fault(): FaultName | undefined {
    return this.extra?.fault;
  }

  set fault(fault: FaultName | undefined) {
    this.setExtra(this.error, fault, this.latencyMs);
  }

  get latencyMs(): number | undefined {
    return this.extra?.latencyMs;
  }

  set latencyMs(latencyMs: number | undefined) {
    this.setExtra(this.error, this.fault, latencyMs);
  }

  private setExtra(error: string | undefined, fault: FaultName | undefined, latencyMs: number | undefined): void {
    this.extra = error === undefined && fault === undefined && latencyMs === undefined ? undefined : { error, fault, latencyMs };
  }

  static from(a: Attempt): AttemptRecord {
    return new AttemptRecord(a.number, a.startedAt, a.durationMs, a.outcome, a.status, share(a.error), share(a.responseBody), a.fault, a.latencyMs);
  }
}

/** One event going to one subscription. */
export interface Delivery {
  id: string;
  event: JournalEvent;
  hookUrl: string;
  apiKey: string;
  subscriptionId: string;
  state: DeliveryState;
  attempts: Attempt[];
  createdAt: number;
  settledAt?: number;
  /** Wall-clock ms of the next scheduled attempt while pending. */
  nextAttemptAt?: number;
  /** Set on a delivery made by `redeliver`: the id it repeats. */
  redeliveryOf?: string;
  /** Why a `cancelled` delivery was cancelled. */
  cancelReason?: 'unsubscribed' | 'gone' | 'reset' | 'close';
}

/**
 * A delivery as the engine keeps it, small and of one shape: every field present from the start
 * (undefined while unset), times packed (`packTime`), and a lone first attempt kept without a
 * list of its own (most deliveries have one attempt). Reads and writes look like `Delivery`'s
 * plain fields; `attempts` reads as a new list each time, so it is replaced, never pushed to.
 */
export class DeliveryRecord implements Delivery {
  state: DeliveryState = 'pending';
  /** The lone first attempt, or every attempt once there are two or more. */
  private tried: Attempt | Attempt[] | undefined = undefined;
  private created: PackedTime;
  /** While pending, the next attempt's time; once settled, the settlement's (never both at once). */
  private when: PackedTime | undefined = undefined;
  cancelReason: Delivery['cancelReason'] = undefined;

  constructor(
    public id: string,
    public event: JournalEvent,
    public hookUrl: string,
    public apiKey: string,
    public subscriptionId: string,
    createdAt: number,
    public redeliveryOf: string | undefined,
  ) {
    this.created = packTime(createdAt);
  }

  get attempts(): Attempt[] {
    const t = this.tried;
    return t === undefined ? [] : Array.isArray(t) ? t : [t];
  }

  set attempts(list: Attempt[]) {
    this.tried = list.length > 1 ? list : list[0];
  }

  get createdAt(): number {
    return unpackTime(this.created);
  }

  set createdAt(at: number) {
    this.created = packTime(at);
  }

  /** Set only while pending (a settled delivery has no next attempt). */
  get nextAttemptAt(): number | undefined {
    return this.state !== 'pending' || this.when === undefined ? undefined : unpackTime(this.when);
  }

  set nextAttemptAt(at: number | undefined) {
    if (this.state === 'pending') this.when = at === undefined ? undefined : packTime(at);
  }

  /** Set only once settled. */
  get settledAt(): number | undefined {
    return this.state === 'pending' || this.when === undefined ? undefined : unpackTime(this.when);
  }

  set settledAt(at: number | undefined) {
    if (this.state !== 'pending') this.when = at === undefined ? undefined : packTime(at);
  }

  /** A record from a saved (state document) delivery. */
  static from(d: Delivery, event: JournalEvent = journalEvent(d.event)): DeliveryRecord {
    const r = new DeliveryRecord(d.id, event, d.hookUrl, d.apiKey, d.subscriptionId, d.createdAt, d.redeliveryOf);
    r.state = d.state;
    r.attempts = d.attempts.map((a) => AttemptRecord.from(a));
    if (d.state === 'pending') r.nextAttemptAt = d.nextAttemptAt;
    else r.settledAt = d.settledAt;
    r.cancelReason = d.cancelReason;
    return r;
  }
}

/**
 * `attempts` plus `a`, as a new list of exactly that length: a list grown by `push` reserves
 * room for 16 more (about 140 B per delivery).
 */
export function withAttempt(attempts: readonly Attempt[], a: Attempt): Attempt[] {
  if (attempts.length === 0) return [a];
  const next = attempts.slice();
  next.push(a);
  return next;
}

/**
 * A delivery as a state document keeps it: a plain object with the fields that are set, in the
 * journal's order (what JSON.stringify of the record gives).
 */
export function plainDelivery(d: Delivery): Delivery {
  const out = { id: d.id, event: journalEvent(d.event), hookUrl: d.hookUrl, apiKey: d.apiKey, subscriptionId: d.subscriptionId, state: d.state } as Delivery;
  out.attempts = d.attempts.map(plainAttempt);
  out.createdAt = d.createdAt;
  if (d.redeliveryOf !== undefined) out.redeliveryOf = d.redeliveryOf;
  if (d.nextAttemptAt !== undefined) out.nextAttemptAt = d.nextAttemptAt;
  if (d.settledAt !== undefined) out.settledAt = d.settledAt;
  if (d.cancelReason !== undefined) out.cancelReason = d.cancelReason;
  return out;
}

function plainAttempt(a: Attempt): Attempt {
  const out: Attempt = { number: a.number, startedAt: a.startedAt, durationMs: a.durationMs, outcome: a.outcome };
  if (a.status !== undefined) out.status = a.status;
  if (a.error !== undefined) out.error = a.error;
  if (a.responseBody !== undefined) out.responseBody = a.responseBody;
  if (a.fault !== undefined) out.fault = a.fault;
  if (a.latencyMs !== undefined) out.latencyMs = a.latencyMs;
  return out;
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

/** The journal's JSON shape (DESIGN.md), plus a few extra fields. */
export interface DeliveryView {
  id: string;
  eventId: string;
  type: EventType;
  hookUrl: string;
  apiKey: string;
  state: DeliveryState;
  payload?: unknown;
  attempts: Array<Omit<Attempt, 'startedAt'> & { startedAt: string }>;
  subscriptionId: string;
  createdAt: string;
  settledAt?: string;
  nextAttemptAt?: string;
  redeliveryOf?: string;
  cancelReason?: Delivery['cancelReason'];
}

export function toView(d: Delivery, options: { payload?: boolean } = {}): DeliveryView {
  // Built field by field in the documented order, leaving out what is unset (a record keeps
  // unset fields as undefined, so that every record has the same shape).
  const view = { id: d.id, eventId: d.event.id, type: d.event.type, hookUrl: d.hookUrl, apiKey: d.apiKey, state: d.state } as DeliveryView;
  if (options.payload !== false) view.payload = JSON.parse(d.event.body) as unknown;
  view.attempts = d.attempts.map(attemptView);
  view.subscriptionId = d.subscriptionId;
  view.createdAt = new Date(d.createdAt).toISOString();
  if (d.settledAt !== undefined) view.settledAt = new Date(d.settledAt).toISOString();
  if (d.nextAttemptAt !== undefined) view.nextAttemptAt = new Date(d.nextAttemptAt).toISOString();
  if (d.redeliveryOf !== undefined) view.redeliveryOf = d.redeliveryOf;
  if (d.cancelReason !== undefined) view.cancelReason = d.cancelReason;
  return view;
}

type AttemptView = DeliveryView['attempts'][number];

function attemptView(a: Attempt): AttemptView {
  const view: AttemptView = { number: a.number, startedAt: new Date(a.startedAt).toISOString(), durationMs: a.durationMs, outcome: a.outcome };
  if (a.status !== undefined) view.status = a.status;
  if (a.error !== undefined) view.error = a.error;
  if (a.responseBody !== undefined) view.responseBody = a.responseBody;
  if (a.fault !== undefined) view.fault = a.fault;
  if (a.latencyMs !== undefined) view.latencyMs = a.latencyMs;
  return view;
}

/** Journal filters; a list field matches any of its values. */
export interface DeliveryFilter {
  id?: readonly string[];
  type?: readonly string[];
  hookUrl?: readonly string[];
  state?: readonly DeliveryState[];
  eventId?: readonly string[];
  apiKey?: readonly string[];
}

export function matchesFilter(d: Delivery, f: DeliveryFilter): boolean {
  return (
    (f.id === undefined || f.id.includes(d.id)) &&
    (f.type === undefined || f.type.includes(d.event.type)) &&
    (f.hookUrl === undefined || f.hookUrl.includes(d.hookUrl)) &&
    (f.state === undefined || f.state.includes(d.state)) &&
    (f.eventId === undefined || f.eventId.includes(d.event.id)) &&
    (f.apiKey === undefined || f.apiKey.includes(d.apiKey))
  );
}
