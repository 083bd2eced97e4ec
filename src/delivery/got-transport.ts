import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { got, type Got, type RequestError, type Response } from 'got';
import { systemClock } from '../core/clock.js';
import { abortingBody, isInjectedAbort, ResponseBodyPrefix, slowBody } from './request-bodies.js';
import { classifyNetworkError, type AttemptHandle, type Transport, type TransportOutcome, type TransportOptions, keepAliveAgentOptions } from './transport.js';

/** What the transport is made with (transport.ts). */
export type GotTransportOptions = TransportOptions;

/**
 * The real transport: got 14 with keep-alive agents, got's retries off, HTTP errors as values,
 * no redirects, no decompression (so no Accept-Encoding header Solar Proof is not known to send).
 * Settings follow perf-notes.md: lifo sockets, a 4 s idle timeout so a reused socket is not one
 * the receiver is about to close. The answer is read as a stream and only its first
 * RESPONSE_BODY_LIMIT characters are kept, so a huge or endless answer costs no memory.
 */
export function createGotTransport(options: GotTransportOptions): Transport {
  const agentOptions = keepAliveAgentOptions(options.maxSockets);
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const client: Got = got.extend({
    agent: { http, https },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    ...(options.lookup ? { dnsLookup: options.lookup } : {}),
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
      // The stream interface, so an answer is read as it arrives and only its start is kept.
      const stream = client.stream.post(request.url, {
        body,
        headers,
        timeout: { request: request.timeoutMs },
        https: { rejectUnauthorized: request.rejectUnauthorized },
      });
      if (aborting) {
        // Armed once connected: a refused connection stays a refused connection.
        stream.on('request', (req) =>
          req.once('socket', (socket: Socket) => {
            if (socket.connecting) socket.once('connect', () => aborting.arm(socket));
            else aborting.arm(socket);
          }),
        );
      }
      let settle!: (outcome: TransportOutcome) => void;
      let settled = false;
      const result = new Promise<TransportOutcome>((resolve) => {
        settle = (outcome) => {
          if (settled) return;
          settled = true;
          resolve(outcome);
        };
      });
      // A receiver that answers 101 Switching Protocols (nothing asked to switch) takes the
      // connection away from HTTP: node:http hands it to an 'upgrade' listener or destroys it,
      // and got would then wait for good. The answer is recorded as what it is, a 101.
      stream.on('request', (req: ClientRequest) =>
        req.once('upgrade', (answer: IncomingMessage, socket: Socket) => {
          socket.destroy();
          settle({ kind: 'response', status: answer.statusCode ?? 101, durationMs: elapsed(), responseBody: '' });
          stream.destroy();
        }),
      );
      // The attempt's own deadline, as undici's: got's request timeout is not armed on every path.
      const deadline = systemClock.setTimeout(() => {
        // The timer fired, so the attempt lasted timeoutMs; whole-millisecond wall time can read one less.
        settle({ kind: 'timeout', durationMs: Math.max(elapsed(), request.timeoutMs) });
        stream.destroy();
      }, request.timeoutMs);
      void result.then(() => deadline.cancel());
      let response: Response | undefined;
      const prefix = new ResponseBodyPrefix(request.responseBodyBytes);
      stream.once('response', (answer: Response) => (response = answer));
      stream.on('data', (chunk: Buffer) => prefix.add(chunk));
      stream.once('end', () => {
        if (!response) return settle({ kind: 'network', failure: 'network_error', error: 'no response', durationMs: elapsed() });
        const retryAfter = response.headers['retry-after'];
        settle({
          kind: 'response',
          status: response.statusCode,
          durationMs: elapsed(),
          responseBody: prefix.text(),
          ...(retryAfter === undefined ? {} : { retryAfter }),
        });
      });
      stream.on('error', (error: RequestError) => {
        const durationMs = elapsed();
        if (request.bodyMode.mode === 'abort' && isInjectedAbort(error)) return settle({ kind: 'aborted', durationMs });
        if (error.name === 'TimeoutError') return settle({ kind: 'timeout', durationMs });
        settle({ kind: 'network', failure: classifyNetworkError(error.code), error: error.message, durationMs });
      });
      // Never left waiting: a stream that closes without its end or an error (it should not) was cut.
      stream.once('close', () =>
        setImmediate(() => settle({ kind: 'network', failure: 'connection_reset', error: 'closed before the answer ended', durationMs: elapsed() })),
      );
      const handle: AttemptHandle = {
        result,
        cancel() {
          if (settled) return;
          settle({ kind: 'cancelled', durationMs: elapsed() });
          stream.destroy();
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
