import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { got, type Got, type RequestError } from 'got';
import type { Clock, TimerHandle } from '../core/clock.js';
import {
  classifyNetworkError,
  RESPONSE_BODY_LIMIT,
  type AttemptHandle,
  type BodyMode,
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
      const body = request.bodyMode.mode === 'whole' ? request.body : bodyStream(request.body, request.bodyMode, options.clock);
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
const ABORT_AFTER_MS = 20;

function isInjectedAbort(error: RequestError): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes(INJECTED_ABORT)) return true;
  }
  // The socket may be torn down before got sees our error; any failure of an abort attempt is ours.
  return error.name !== 'TimeoutError';
}

/** A body that is cut off part-way, or dribbled in ten pieces over `overMs` (on `clock`). */
function bodyStream(body: string, mode: Exclude<BodyMode, { mode: 'whole' }>, clock: Clock): Readable {
  const bytes = Buffer.from(body);
  if (mode.mode === 'abort') {
    let sent = false;
    let timer: TimerHandle | undefined;
    return new Readable({
      read() {
        if (sent) return;
        sent = true;
        this.push(bytes.subarray(0, mode.afterBytes));
        // Cut the connection only once the headers and the first half are on the wire.
        timer = clock.setTimeout(() => this.destroy(new Error(INJECTED_ABORT)), ABORT_AFTER_MS);
      },
      destroy(error, callback) {
        timer?.cancel();
        callback(error);
      },
    });
  }
  const pieces = Math.max(1, Math.min(10, bytes.length));
  const size = Math.ceil(bytes.length / pieces);
  const gap = mode.overMs / Math.max(1, pieces - 1);
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
