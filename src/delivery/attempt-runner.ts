import { monotonicMs, type Clock } from '../core/clock.js';
import type { DeliveryConfig, FaultName } from '../config/delivery-config.js';
import { VERSION } from '../core/version.js';
import type { Attempt, CancelReason } from './delivery-domain.js';
import { attemptOutcome, enforceDeadline } from './delivery-machine.js';
import type { RequestFault } from './faults.js';
import { latencyField } from './attempt-planner.js';
import { shapeBody, type AttemptHandle, type Transport, type TransportOutcome, type TransportRequest } from './transport.js';

/**
 * The attempt runner: one attempt through the transport. It shapes the request (with its
 * request fault), starts it, and turns what the transport reported into the attempt's outcome
 * as values: the result that planning decides on and the `Attempt` the journal records. The
 * engine awaits the transport between `start` and `finish` (a cancel may come in between).
 */
export type RunnerSettings = Pick<DeliveryConfig, 'faults' | 'userAgent' | 'timeoutMs' | 'tls' | 'responseBodyBytes' | 'successStatus'>;

const DEFAULT_USER_AGENT = `solarproof-mock/${VERSION}`;

/** One request of an attempt: which attempt, what goes out, and what was injected. */
export interface AttemptRequest {
  url: string;
  body: string;
  /** The event's Content-Type when not `application/json` (an exact body's). */
  contentType?: string | undefined;
  number: number;
  /** The fault applied to the request itself, if any. */
  requestFault: RequestFault | null;
  /** The fault recorded on the attempt (`duplicate` marks the second copy). */
  fault: FaultName | undefined;
  /** Injected latency waited before it, in (unscaled) ms. */
  latencyMs: number;
  /** Its moment (`monotonicMs()`), when handed over early to a transport that holds it (decision 0055). */
  sendAt?: number | undefined;
}

/** A request under way. */
export interface StartedAttempt {
  request: AttemptRequest;
  handle: AttemptHandle;
  startedAt: number;
  /** The settings it was sent with (its deadline is theirs, whatever changes meanwhile). */
  settings: RunnerSettings;
}

/** What an attempt came to: the result to decide on and the attempt to record. */
export interface FinishedAttempt {
  result: TransportOutcome;
  attempt: Attempt;
}

/** The request the transport sends for `request` under `c`. */
export function transportRequest(request: AttemptRequest, c: RunnerSettings): TransportRequest {
  const shaped = shapeBody(request.body, request.requestFault, c.faults.slowBodyMs, request.contentType);
  return {
    url: request.url,
    body: shaped.body,
    contentType: shaped.contentType,
    bodyMode: shaped.bodyMode,
    userAgent: c.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: c.timeoutMs,
    rejectUnauthorized: c.tls.rejectUnauthorized,
    // How much of the answer the transport reads (honoured by the bounded transports).
    responseBodyBytes: c.responseBodyBytes,
    ...(request.sendAt === undefined ? {} : { sendAt: request.sendAt }),
  };
}

export class AttemptRunner {
  constructor(private readonly deps: { transport: Transport; wallClock: Clock }) {}

  /** Whether the transport holds a request until its `sendAt`, so the engine may hand it over early. */
  get sendsAt(): boolean {
    return this.deps.transport.sendsAt === true;
  }

  /** Sends the request now, or at its `sendAt` (then that moment is its start). */
  start(request: AttemptRequest, settings: RunnerSettings): StartedAttempt {
    const held = request.sendAt === undefined ? 0 : Math.max(0, request.sendAt - monotonicMs());
    const startedAt = this.deps.wallClock.now() + Math.round(held);
    const handle = this.deps.transport.send(transportRequest(request, settings));
    return { request, handle, startedAt, settings };
  }

  /**
   * What the transport `reported` for `sent`, as the outcome. The deadline is the engine's: an
   * answer measured past timeoutMs is a timeout, whatever the transport saw.
   */
  finish(sent: StartedAttempt, reported: TransportOutcome): FinishedAttempt {
    const { request, startedAt, settings: c } = sent;
    const result = enforceDeadline(reported, Math.max(reported.durationMs, this.deps.wallClock.now() - startedAt), c.timeoutMs);
    const late = result.kind === 'timeout' && reported.kind === 'response' ? reported : undefined;
    const attempt: Attempt = {
      number: request.number,
      startedAt,
      durationMs: result.durationMs,
      outcome: attemptOutcome(result, c.successStatus),
      status: result.kind === 'response' ? result.status : late?.status,
      error: result.kind === 'network' ? result.error : late && `answered ${late.status} after ${result.durationMs} ms, past timeoutMs ${c.timeoutMs}`,
      responseBody: result.kind === 'response' ? result.responseBody : undefined,
      fault: request.fault,
      latencyMs: latencyField(request.latencyMs),
    };
    return { result, attempt };
  }

  /** Stops a request under way: the attempt is recorded `cancelled` now, by `reason`. */
  cancel(sent: StartedAttempt, reason: CancelReason): Attempt {
    sent.handle.cancel();
    const now = this.deps.wallClock.now();
    return { number: sent.request.number, startedAt: sent.startedAt, durationMs: Math.max(0, now - sent.startedAt), outcome: 'cancelled', error: `cancelled by ${reason}`, fault: sent.request.fault };
  }

  /** The attempt of a delivery dropped unsent by an injected `drop`. */
  dropped(number: number, latencyMs: number): Attempt {
    return { number, startedAt: this.deps.wallClock.now(), durationMs: 0, outcome: 'injected_drop', fault: 'drop', latencyMs: latencyField(latencyMs) };
  }
}
