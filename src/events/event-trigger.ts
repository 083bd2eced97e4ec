import type { Account } from '../core/account.js';
import { EmulatorError, unknownApiKey } from '../core/errors.js';
import type { AccountEvent } from '../core/event.js';
import { eventTypesFor, isEventType, type EventType, type PayloadVersion } from '../core/event-types.js';
import type { SubjectRequest } from '../core/subject.js';
import { exactBody, type ExactBody } from './exact-body.js';
import { MAX_COUNT, type TriggerRequest, type TriggerResult } from './trigger-request.js';

/** One event to make happen, already checked: a known type, a known account. */
export interface HappenRequest {
  type: EventType;
  apiKey: string;
  overrides?: Record<string, unknown> | undefined;
  subject?: SubjectRequest | undefined;
  /** Renders in this payload version instead of the one in force (the receiver check sends both). */
  version?: PayloadVersion | undefined;
}

/** One event with an exact body (checked type and key): it moves no world. */
export interface ExactRequest extends ExactBody {
  type: EventType;
  apiKey: string;
}

export interface EventTriggerDeps {
  accounts: { get(apiKey: string): Account | undefined; all(): readonly Account[]; primary(): Account };
  payloadVersion(): PayloadVersion;
  /** Moves the account's world and renders the payload (the catalogue). */
  catalogue: {
    happen(request: HappenRequest): AccountEvent;
    /** The requested event and the events it caused (a signing's status change); `happen` alone when absent. */
    happenAll?(request: HappenRequest): AccountEvent[];
    /** The next event id around an exact body (`source: 'raw'`); the world does not move. */
    exact(request: ExactRequest): AccountEvent;
  };
  /**
   * Fans an event out to its subscriptions (the delivery engine); returns the delivery ids.
   * `admit` throws (TOO_MANY_PENDING) when that many events would pass the pending cap.
   */
  delivery: {
    deliver(event: AccountEvent): string[];
    admit?(apiKey: string, type: EventType, events: number): void;
    /** Undefined when the send queue has room; else resolves when it has (or rejects: SEND_QUEUE_FULL). */
    whenRoom?(signal?: AbortSignal | (() => AbortSignal)): Promise<void> | undefined;
  };
  /** Lets the event loop take a turn between slices of a large fan-out (default: setImmediate). */
  yieldTurn?: () => Promise<void>;
}

/** Makes events happen on request: the one path for triggers, schedule ticks and scenario steps. */
export interface EventTrigger {
  /**
   * Checks the request once (type known in the payload version, count 1..1000, API key known,
   * an exact `body`/`rawBody` alone), then makes `count` events happen (or one event around the
   * exact body, the world unmoved) and hands each to the delivery engine. Throws an
   * EmulatorError (UNKNOWN_EVENT_TYPE, INVALID_COUNT, UNKNOWN_API_KEY, INVALID_OVERRIDE,
   * UNKNOWN_SUBJECT, INVALID_SUBJECT, TOO_MANY_PENDING) whose message says what to do.
   *
   * @example events.trigger({ type: 'customer_created', count: 3 }).events.length // 3
   */
  trigger(request: TriggerRequest): TriggerResult;
  /**
   * The same, for callers that can wait (the HTTP trigger): checks the request, then waits while
   * the send queue is full (`delivery.sendQueue`), so a caller in a loop goes at the pace of
   * sending. Rejects with SEND_QUEUE_FULL (429) after
   * `delivery.sendQueue.waitMs`, having created nothing; `signal` gives up the wait (a function
   * making one is called only when the trigger has to wait). A large fan-out is made in slices of
   * FAN_OUT_SLICE deliveries with a turn of the event loop between them.
   */
  triggerWhenRoom(request: TriggerRequest, signal?: AbortSignal | (() => AbortSignal)): TriggerResult | Promise<TriggerResult>;
}

/** Deliveries made between two turns of the event loop in `triggerWhenRoom` (~10 ms of work). */
export const FAN_OUT_SLICE = 1000;

export function createEventTrigger(deps: EventTriggerDeps): EventTrigger {
  const yieldTurn = deps.yieldTurn ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const check = (req: TriggerRequest): { count: number; apiKey: string; exact: ExactBody | undefined } => {
    const version = deps.payloadVersion();
    if (!isEventType(req.type, version)) {
      throw new EmulatorError('UNKNOWN_EVENT_TYPE', `Unknown event type "${String(req.type)}" for payload version ${version}. Known types: ${eventTypesFor(version).join(', ')}.`);
    }
    const count = req.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      throw new EmulatorError('INVALID_COUNT', `count must be an integer from 1 to ${MAX_COUNT}; got ${JSON.stringify(req.count)}. For more events, call again or use a schedule.`);
    }
    const apiKey = req.apiKey ?? deps.accounts.primary().apiKey;
    if (!deps.accounts.get(apiKey)) throw unknownApiKey(apiKey, deps.accounts.all().map((a) => a.apiKey));
    return { count, apiKey, exact: exactBody(req) };
  };

  /** Makes one event happen (and the events it causes) and hands each to the engine; returns how many deliveries that made. */
  const happenOne = (request: HappenRequest, result: TriggerResult): number => {
    const happened = deps.catalogue.happenAll ? deps.catalogue.happenAll(request) : [deps.catalogue.happen(request)];
    let made = 0;
    for (const event of happened) {
      result.events.push(event);
      for (const id of deps.delivery.deliver(event)) {
        result.deliveries.push(id);
        made++;
      }
    }
    return made;
  };

  const begin = (req: TriggerRequest): { count: number; request: HappenRequest; result: TriggerResult } | TriggerResult => {
    const { count, apiKey, exact } = check(req);
    deps.delivery.admit?.(apiKey, req.type, count);
    if (exact) {
      const event = deps.catalogue.exact({ type: req.type, apiKey, ...exact });
      return { events: [event], deliveries: deps.delivery.deliver(event) };
    }
    return { count, request: { type: req.type, apiKey, overrides: req.overrides, subject: req.subject }, result: { events: [], deliveries: [] } };
  };

  const trigger = (req: TriggerRequest): TriggerResult => {
    const run = begin(req);
    if (!('count' in run)) return run;
    for (let i = 0; i < run.count; i++) happenOne(run.request, run.result);
    return run.result;
  };

  /**
   * The same fan-out in slices: after every FAN_OUT_SLICE deliveries the event loop takes a turn
   * (health checks, other requests, attempts' answers get through), so an 80 000-delivery trigger
   * does not hold the loop for its whole length. Events happen in the same order; the answer is
   * the same.
   */
  const triggerSliced = async (req: TriggerRequest): Promise<TriggerResult> => {
    const run = begin(req);
    if (!('count' in run)) return run;
    let sinceTurn = 0;
    for (let i = 0; i < run.count; i++) {
      sinceTurn += happenOne(run.request, run.result);
      if (sinceTurn >= FAN_OUT_SLICE && i < run.count - 1) {
        sinceTurn = 0;
        await yieldTurn();
      }
    }
    return run.result;
  };

  return {
    trigger,
    triggerWhenRoom(req, signal) {
      check(req);
      const room = deps.delivery.whenRoom?.(signal);
      return room ? room.then(() => triggerSliced(req)) : triggerSliced(req);
    },
  };
}
