import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
// The Agent alone, not undici's index: the index loads fetch, WebSocket, caches and mocks too, and
// costs 2-3x the CPU to import (65-85 against 150-280 ms beside other work; docs/performance.md).
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { dropContinueAnswers } from './continue-filter.js';
import { abortingBody, isInjectedAbort, ResponseBodyPrefix, slowBody } from './request-bodies.js';
import { hookTargetOf } from './hook-target.js';
import { classifyNetworkError, type AttemptHandle, type Transport, type TransportOutcome, type TransportRequest, type TransportOptions } from './transport.js';

/** What the transport is made with (transport.ts). */
export type UndiciTransportOptions = TransportOptions;

/** Errors after which the attempt ran out of time, whichever of undici's timers saw it. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** undici's own codes for a connection that went away, named as the socket error they stand for. */
const UNDICI_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'ECONNRESET',
  UND_ERR_ABORTED: 'ECONNABORTED',
};

/**
 * The transport on undici: one Agent keeping a keep-alive pool of `maxSockets` connections per
 * origin, no pipelining, no redirects (undici follows none unless told), no decompression and no
 * Accept-Encoding. It sends the same headers as the got transport (content-type, user-agent,
 * content-length, host, connection, and Authorization for userinfo in the URL) and gives the same
 * outcomes, several times faster (docs/decisions/transport-undici.md).
 *
 * @example
 *   const transport = createUndiciTransport({ now: Date.now, clock: systemClock });
 *   const outcome = await transport.send(request).result; // { kind: 'response', status: 200, ... }
 */
export function createUndiciTransport(options: UndiciTransportOptions): Transport {
  const agentOptions = (rejectUnauthorized: boolean): Agent.Options => ({
    connections: options.maxSockets ?? 128,
    pipelining: 1,
    // Like the got transport's agents: a reused connection is not one the receiver is about to close.
    keepAliveTimeout: 4000,
    keepAliveMaxTimeout: 4000,
    // The attempt's own deadline covers headers and body; undici's would say something else first.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: withoutContinueAnswers(buildConnector({ rejectUnauthorized, ...(options.lookup ? { lookup: options.lookup } : {}) })),
  });
  const strict = new Agent(agentOptions(true));
  let lenient: Agent | undefined;
  const dispatcherFor = (url: URL, rejectUnauthorized: boolean): Dispatcher =>
    rejectUnauthorized || url.protocol !== 'https:' ? strict : (lenient ??= new Agent(agentOptions(false)));

  return {
    send(request) {
      const attempt = new UndiciAttempt(request, options.now, options.clock);
      attempt.start(dispatcherFor);
      const handle: AttemptHandle = { result: attempt.result, cancel: () => attempt.stop('cancelled') };
      return handle;
    },
    close() {
      for (const agent of [strict, lenient]) void agent?.destroy().catch(() => undefined);
    },
  };
}

/** undici's connector, with `100 Continue` answers dropped from each connection (continue-filter.ts). */
function withoutContinueAnswers(connect: buildConnector.connector): buildConnector.connector {
  return (opts, callback) =>
    connect(opts, (error, socket) => {
      if (socket) dropContinueAnswers(socket);
      // The callback's overloads take an error or a socket, never both.
      if (error) callback(error, null);
      else callback(null, socket!);
    });
}

/**
 * One attempt, as undici's dispatch handler: the answer's start is kept as it arrives and the
 * rest dropped, and the outcome settles once, by the first of: the whole answer, an error, the
 * deadline, cancel(). A timeout or cancel() settles at once, even while undici still has the
 * request queued, and then aborts it.
 */
class UndiciAttempt implements Dispatcher.DispatchHandler {
  readonly result: Promise<TransportOutcome>;
  private resolve!: (outcome: TransportOutcome) => void;
  private settled = false;
  private readonly started: number;
  private readonly deadline: TimerHandle;
  private controller: Dispatcher.DispatchController | undefined;
  private stopped: Error | undefined;
  private status = 0;
  private retryAfter: string | undefined;
  private readonly prefix: ResponseBodyPrefix;

  constructor(
    private readonly request: TransportRequest,
    private readonly now: () => number,
    private readonly clock: Clock,
  ) {
    this.prefix = new ResponseBodyPrefix(request.responseBodyBytes);
    this.started = now();
    this.result = new Promise((resolve) => (this.resolve = resolve));
    // Real time, as got's request timeout is: timeoutMs is not scaled by timeScale.
    this.deadline = systemClock.setTimeout(() => this.stop('timeout'), request.timeoutMs);
  }

  start(dispatcherFor: (url: URL, rejectUnauthorized: boolean) => Dispatcher): void {
    try {
      const { url, options } = dispatchOptions(this.request, this.clock);
      dispatcherFor(url, this.request.rejectUnauthorized).dispatch(options, this);
    } catch (error) {
      this.onResponseError(undefined, error as Error);
    }
  }

  /** Settles as timed out or cancelled, and aborts the request (now, or once undici starts it). */
  stop(why: 'timeout' | 'cancelled'): void {
    if (this.settled) return;
    // The deadline timer fired, so the attempt lasted timeoutMs; whole-millisecond wall time can read one less.
    this.settle({ kind: why, durationMs: why === 'timeout' ? Math.max(this.elapsed(), this.request.timeoutMs) : this.elapsed() });
    this.stopped = new Error(`solarproof-mock: attempt ${why === 'timeout' ? 'timed out' : 'cancelled'}`);
    this.controller?.abort(this.stopped);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) controller.abort(this.stopped);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx: the answer is still to come
    this.status = statusCode;
    const retryAfter = headers['retry-after'];
    // node:http (and so got) keeps the first of repeated Retry-After headers.
    this.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.prefix.add(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const outcome: TransportOutcome = {
      kind: 'response',
      status: this.status,
      durationMs: this.elapsed(),
      responseBody: this.prefix.text(),
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
    };
    this.settled = true;
    this.deadline.cancel();
    // undici gives a connection back one event-loop turn after its answer ended (it schedules
    // that after this call returns): an attempt sent before then would open a new connection
    // instead of reusing this one, as got's agent does. So the outcome waits two turns.
    afterTwoTurns(this.resolve, outcome);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    const durationMs = this.elapsed();
    if (this.request.bodyMode.mode === 'abort' && isInjectedAbort(error)) return this.settle({ kind: 'aborted', durationMs });
    const code = errorCode(error);
    // undici stops connecting after 10 s; the attempt still times out at its own deadline, as
    // with got, whose connect attempt simply runs into the request timeout.
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return;
    if (code !== undefined && TIMEOUT_CODES.has(code)) return this.settle({ kind: 'timeout', durationMs });
    // undici closes a connection answered 101 Switching Protocols unasked ('bad upgrade'): the
    // answer is recorded as what it is, a 101, as the got transport records it.
    if ((error as { code?: unknown }).code === 'UND_ERR_SOCKET' && error.message === 'bad upgrade') return this.settle({ kind: 'response', status: 101, durationMs, responseBody: '' });
    this.settle({ kind: 'network', failure: classifyNetworkError(code), error: error.message, durationMs });
  }

  private settle(outcome: TransportOutcome): void {
    this.settled = true;
    this.deadline.cancel();
    this.resolve(outcome);
  }

  private elapsed(): number {
    return Math.max(0, this.now() - this.started);
  }
}

type Resolve = (outcome: TransportOutcome) => void;
let turnOne: Array<Resolve | TransportOutcome> = [];
let turnTwo: Array<Resolve | TransportOutcome> = [];

/**
 * Resolves with `outcome` two event-loop turns from now, as `setImmediate(() =>
 * setImmediate(...))` would, with two immediates per turn for all the answers that ended in it
 * rather than two per answer.
 */
function afterTwoTurns(resolve: Resolve, outcome: TransportOutcome): void {
  if (turnOne.length === 0) setImmediate(firstTurn);
  turnOne.push(resolve, outcome);
}

function firstTurn(): void {
  if (turnTwo.length === 0) setImmediate(secondTurn);
  // Resolved in the next turn: swap lists, so what ends in this turn waits its own two turns.
  for (const item of turnOne) turnTwo.push(item);
  turnOne = [];
}

function secondTurn(): void {
  const ready = turnTwo;
  turnTwo = [];
  for (let i = 0; i < ready.length; i += 2) (ready[i] as Resolve)(ready[i + 1] as TransportOutcome);
}

/** Where and what to send: undici's dispatch options for one attempt. */
function dispatchOptions(request: TransportRequest, clock: Clock): { url: URL; options: Dispatcher.DispatchOptions } {
  const { url, origin, path, authorization } = hookTargetOf(request.url);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'user-agent': request.userAgent,
  };
  if (authorization !== undefined) headers.authorization = authorization;
  const mode = request.bodyMode;
  let body: string | Readable = request.body;
  if (mode.mode !== 'whole') {
    // undici counts a string body itself; a stream body gets the full length announced, as with got.
    headers['content-length'] = String(Buffer.byteLength(request.body));
    if (mode.mode === 'slow') body = slowBody(request.body, mode.overMs, clock);
    else {
      const aborting = abortingBody(request.body, mode.afterBytes, clock);
      aborting.arm(); // undici reads a body only once connected: a refused connection stays refused
      body = aborting.stream;
    }
  }
  return { url, options: { origin, path, method: 'POST', headers, body } };
}

/**
 * The code to classify an error by: a socket or TLS code from the error or its causes (undici
 * passes those through), else undici's own code translated to the socket error it stands for.
 */
function errorCode(error: unknown): string | undefined {
  let undici: string | undefined;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (!code.startsWith('UND_ERR')) return code;
    undici ??= code;
  }
  return undici === undefined ? undefined : (UNDICI_CODES[undici] ?? undici);
}

