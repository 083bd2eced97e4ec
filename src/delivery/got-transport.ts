import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { got, type Got, type RequestError } from 'got';
import type { Clock, TimerHandle } from '../core/clock.js';
import {
  classifyNetworkError,
  RESPONSE_BODY_LIMIT,
  type AttemptHandle,
  type Transport,
  type TransportOutcome,
  type TransportRequest,
} from './transport.js';

export interface GotTransportOptions {
  /** Times durations (wall clock). */
  now: () => number;
  /** Paces slow bodies (the emulator's scaled clock). */
  clock: Clock;
  /** Sockets per host kept by the keep-alive agents. */
  maxSockets?: number;
}

/**
 * The real transport: got 14 with keep-alive agents, got's retries off, HTTP errors as values,
 * no redirects, no decompression (so no Accept-Encoding header Solar Proof is not known to send).
 * Settings follow perf-notes.md: lifo sockets, a 4 s idle timeout so a reused socket is not one
 * the receiver is about to close.
 */
export function createGotTransport(options: GotTransportOptions): Transport {
  const agentOptions = {
    keepAlive: true,
    timeout: 4000,
    scheduling: 'lifo' as const,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: options.maxSockets ?? 64,
  };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const client: Got = got.extend({
    agent: { http, https },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    responseType: 'text',
  });

  return {
    send(request) {
      const started = options.now();
      const elapsed = (): number => Math.max(0, options.now() - started);
      const mode = request.bodyMode;
      const aborting = mode.mode === 'abort' ? abortingBody(request.body, mode.afterBytes, options.clock) : undefined;
      const body =
        mode.mode === 'whole' ? request.body : mode.mode === 'slow' ? slowBody(request.body, mode.overMs, options.clock) : aborting!.stream;
      const headers: Record<string, string> = {
        'content-type': request.contentType,
        'user-agent': request.userAgent,
      };
      if (typeof body !== 'string') headers['content-length'] = String(Buffer.byteLength(request.body));
      const pending = client.post(request.url, {
        body,
        headers,
        timeout: { request: request.timeoutMs },
        https: { rejectUnauthorized: request.rejectUnauthorized },
      });
      if (aborting) {
        // Armed once connected: a refused connection stays a refused connection.
        pending.on('request', (req) =>
          req.once('socket', (socket: Socket) => {
            if (socket.connecting) socket.once('connect', () => aborting.arm(socket));
            else aborting.arm(socket);
          }),
        );
      }
      let cancelled = false;
      const result: Promise<TransportOutcome> = pending.then(
        (response) => {
          const retryAfter = response.headers['retry-after'];
          return {
            kind: 'response' as const,
            status: response.statusCode,
            durationMs: elapsed(),
            responseBody: response.body.length > RESPONSE_BODY_LIMIT ? response.body.slice(0, RESPONSE_BODY_LIMIT) : response.body,
            ...(retryAfter === undefined ? {} : { retryAfter }),
          };
        },
        (error: RequestError): TransportOutcome => {
          const durationMs = elapsed();
          if (cancelled) return { kind: 'cancelled', durationMs };
          if (request.bodyMode.mode === 'abort' && isInjectedAbort(error)) return { kind: 'aborted', durationMs };
          if (error.name === 'TimeoutError') return { kind: 'timeout', durationMs };
          return { kind: 'network', failure: classifyNetworkError(error.code), error: error.message, durationMs };
        },
      );
      const handle: AttemptHandle = {
        result,
        cancel() {
          cancelled = true;
          pending.cancel();
        },
      };
      return handle;
    },
    close() {
      http.destroy();
      https.destroy();
    },
  };
}

const INJECTED_ABORT = 'solarproof-mock: injected abort mid-body';
/** How long the first half of an aborted body is given to reach the receiver. */
const ABORT_AFTER_MS = 10;

function isInjectedAbort(error: RequestError): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes(INJECTED_ABORT)) return true;
  }
  return false;
}

/**
 * A body that stops after `afterBytes`; `arm()` (called once connected) cuts the connection
 * shortly after, once the headers and the first part are on the wire. Cutting any earlier could
 * look like a refused connection to the receiver (nothing arrives) and would hide a real one.
 */
function abortingBody(body: string, afterBytes: number, clock: Clock): { stream: Readable; arm: (socket: Socket) => void } {
  let timer: TimerHandle | undefined;
  let sent = false;
  const stream = new Readable({
    read() {
      if (sent) return; // never more, never the end: the receiver waits for the rest
      sent = true;
      this.push(Buffer.from(body).subarray(0, afterBytes));
    },
    destroy(error, callback) {
      timer?.cancel();
      callback(error);
    },
  });
  const cut = (): void => {
    stream.destroy(new Error(INJECTED_ABORT));
  };

  return {
    stream,
    arm(socket) {
      // Wait until our first part has been handed to the socket and has left this process, then
      // give it a moment on the wire before cutting (a stuck socket runs into the timeout).
      const check = (): void => {
        const out = sent && stream.readableLength === 0 && !socket.connecting && socket.writableLength === 0;
        timer = out ? clock.setTimeout(cut, ABORT_AFTER_MS) : clock.setTimeout(check, 5);
      };
      if (timer === undefined) check();
    },
  };
}

/** A body dribbled in ten pieces over `overMs` (on `clock`). */
function slowBody(body: string, overMs: number, clock: Clock): Readable {
  const bytes = Buffer.from(body);
  const pieces = Math.max(1, Math.min(10, bytes.length));
  const size = Math.ceil(bytes.length / pieces);
  const gap = overMs / Math.max(1, pieces - 1);
  let index = 0;
  let timer: TimerHandle | undefined;
  let waiting = false;
  const stream: Readable = new Readable({
    read() {
      if (waiting) return;
      const push = (): void => {
        waiting = false;
        const chunk = bytes.subarray(index * size, (index + 1) * size);
        index++;
        stream.push(chunk);
        if (index * size >= bytes.length) stream.push(null);
      };
      if (index === 0) return push();
      waiting = true;
      timer = clock.setTimeout(push, gap);
    },
    destroy(error, callback) {
      timer?.cancel();
      callback(error);
    },
  });
  return stream;
}
