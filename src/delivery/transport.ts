import type { LookupFunction } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { RequestFault } from './faults.js';

/** How the body goes out: in one piece, cut off part-way (connection aborted), or dribbled slowly. */
export type BodyMode =
  | { mode: 'whole' }
  | { mode: 'abort'; afterBytes: number }
  | { mode: 'slow'; overMs: number };

/** One HTTP POST of a delivery, already shaped by any request fault. */
export interface TransportRequest {
  url: string;
  body: string;
  contentType: string;
  userAgent: string;
  timeoutMs: number;
  rejectUnauthorized: boolean;
  bodyMode: BodyMode;
  /** Characters of the answer kept for the journal (`delivery.responseBodyBytes`); the rest is read and discarded. */
  responseBodyBytes?: number;
  /**
   * When to write it (`monotonicMs()`), for a transport with `sendsAt`: the engine hands a request
   * with injected latency over a few ms before its moment (decision 0055). Absent: at once.
   */
  sendAt?: number;
}

/** Network failures, by the name the journal gives them. */
export type NetworkFailure =
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_error'
  | 'tls_error'
  | 'network_error'
  /** The transport's lookup refused the address (error code EHOSTBLOCKED); nothing was connected. */
  | 'blocked';

/**
 * What one attempt came to, as a value: expected failures (timeouts, refused connections) are
 * not exceptions. `aborted` is the injected mid-body abort doing what it was asked.
 */
export type TransportOutcome =
  | { kind: 'response'; status: number; durationMs: number; responseBody: string; retryAfter?: string }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'network'; failure: NetworkFailure; error: string; durationMs: number }
  | { kind: 'aborted'; durationMs: number }
  | { kind: 'cancelled'; durationMs: number };

export interface AttemptHandle {
  result: Promise<TransportOutcome>;
  /** Stops the request; `result` then resolves `cancelled`. */
  cancel(): void;
}

/** Sends attempts. The engine gets one injected, so tests can use a fake. */
export interface Transport {
  send(request: TransportRequest): AttemptHandle;
  /** Closes pooled connections. */
  close(): void;
  /** Holds a request with `sendAt` until that moment; without it, the engine sends at the moment itself. */
  sendsAt?: boolean;
  /**
   * Runs, just after start-up, what the first attempt would otherwise pay for (a lazily loaded
   * module, code never run yet), so that the first deliveries go out on time rather than in a
   * burst: the emulator's own transport sends one throwaway attempt (`defaultTransport`, decision
   * 0042). Optional: an injected transport may have none.
   */
  warm?(): void;
}

/** Only this much of a receiver's answer is kept in the journal. */
export const RESPONSE_BODY_LIMIT = 2048;

/**
 * The request for one attempt, given the event's serialised body and the attempt's request
 * fault (sent with `contentType`, application/json unless an exact body says otherwise): truncated (half the bytes, honest Content-Length), malformed JSON (a trailing comma
 * before the closing bracket), a wrong Content-Type, a mid-body abort, or a slow body.
 *
 * @example
 *   shapeBody('{"a":1}', 'malformedJson', 3000) // { body: '{"a":1,}', contentType: 'application/json', bodyMode: { mode: 'whole' } }
 */
export function shapeBody(
  body: string,
  fault: RequestFault | null,
  slowBodyMs: number,
  contentType = 'application/json',
): Pick<TransportRequest, 'body' | 'contentType' | 'bodyMode'> {
  // An exact body keeps its own Content-Type through every fault but wrongContentType.
  const json = contentType;
  const whole = { mode: 'whole' } as const;
  switch (fault) {
    case null:
      return { body, contentType: json, bodyMode: whole };
    case 'truncate':
      return { body: body.slice(0, Math.ceil(body.length / 2)), contentType: json, bodyMode: whole };
    case 'malformedJson':
      return {
        body: body.length < 2 ? `${body},` : `${body.slice(0, -1)},${body.slice(-1)}`,
        contentType: json,
        bodyMode: whole,
      };
    case 'wrongContentType':
      return { body, contentType: 'text/plain; charset=utf-8', bodyMode: whole };
    case 'abort':
      return { body, contentType: json, bodyMode: { mode: 'abort', afterBytes: Math.floor(Buffer.byteLength(body) / 2) } };
    case 'slowBody':
      return { body, contentType: json, bodyMode: { mode: 'slow', overMs: slowBodyMs } };
    default: {
      const unknown: never = fault;
      throw new Error(`unknown request fault ${String(unknown)}`);
    }
  }
}

const REFUSED = new Set(['ECONNREFUSED']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'HPE_INVALID_CONSTANT']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** Names a socket/TLS error code the way the journal does. */
export function classifyNetworkError(code: string | undefined): NetworkFailure {
  if (code === undefined) return 'network_error';
  if (code === 'EHOSTBLOCKED') return 'blocked';
  if (REFUSED.has(code)) return 'connection_refused';
  if (RESET.has(code)) return 'connection_reset';
  if (DNS.has(code)) return 'dns_error';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code === 'EPROTO') {
    return 'tls_error';
  }
  return 'network_error';
}

/** What each transport on an HTTP client (got, node:http, undici) is made with. */
export interface TransportOptions {
  /** Times durations (wall clock). */
  now: () => number;
  /** Paces slow and aborting bodies (the emulator's scaled clock). */
  clock: Clock;
  /** Connections kept per origin (the pool size). */
  maxSockets?: number;
  /**
   * Resolves host names at connect time (`dns.lookup`-compatible). A lookup error with code
   * `EHOSTBLOCKED` is recorded as the network failure `blocked`.
   */
  lookup?: LookupFunction;
}

/**
 * The keep-alive agents of the transports on `node:http` (got, node): lifo sockets and a 4 s idle
 * timeout, so a reused socket is not one the receiver is about to close (perf-notes.md).
 *
 * @example new Agent(keepAliveAgentOptions(64))
 */
export function keepAliveAgentOptions(maxSockets = 64): { keepAlive: true; timeout: number; scheduling: 'lifo'; maxSockets: number; maxFreeSockets: number } {
  return { keepAlive: true, timeout: 4000, scheduling: 'lifo', maxSockets, maxFreeSockets: maxSockets };
}
