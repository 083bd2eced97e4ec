import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Agent as HttpsAgentType } from 'node:https';
import type { Socket } from 'node:net';
import { systemClock } from '../core/clock.js';
import { abortingBody, isInjectedAbort, ResponseBodyPrefix, slowBody } from './request-bodies.js';
import { hookTargetOf } from './hook-target.js';
import { classifyNetworkError, type AttemptHandle, type Transport, type TransportOutcome, type TransportRequest, type TransportOptions, keepAliveAgentOptions } from './transport.js';

/** What the transport is made with (transport.ts). */
export type NodeHttpTransportOptions = TransportOptions;

/**
 * The transport on `node:http` alone: the module the emulator's own server has already loaded,
 * so sending through it loads nothing (undici and its WebAssembly parser add 3-14 MiB to an idle
 * process: docs/decisions/0037). Keep-alive agents as the got transport's (lifo sockets, a 4 s
 * idle timeout), no redirects, no decompression, no Accept-Encoding; the same headers and the
 * same outcomes as the other transports (test/delivery/transport-contract.test.ts). `node:https`
 * loads on the first `https:` attempt.
 *
 * @example
 *   const transport = createNodeHttpTransport({ now: Date.now, clock: systemClock });
 *   const outcome = await transport.send(request).result; // { kind: 'response', status: 200, ... }
 */
export function createNodeHttpTransport(options: NodeHttpTransportOptions): Transport {
  const agentOptions = keepAliveAgentOptions(options.maxSockets);
  const http = new HttpAgent(agentOptions);
  let https: HttpsAgentType | undefined;
  const httpsAgent = (): HttpsAgentType => (https ??= new (process.getBuiltinModule('node:https').Agent)(agentOptions));

  return {
    send(request) {
      return sendOne(request, options, (secure) => (secure ? httpsAgent() : http));
    },
    close() {
      http.destroy();
      https?.destroy();
    },
  };
}

/** One attempt: settles once, by the first of the whole answer, an error, the deadline, cancel(). */
function sendOne(request: TransportRequest, options: NodeHttpTransportOptions, agentFor: (secure: boolean) => HttpAgent | HttpsAgentType): AttemptHandle {
  const started = options.now();
  const elapsed = (): number => Math.max(0, options.now() - started);
  let settled = false;
  let resolve!: (outcome: TransportOutcome) => void;
  const result = new Promise<TransportOutcome>((r) => (resolve = r));
  let req: ClientRequest | undefined;
  const deadline = systemClock.setTimeout(() => {
    // The timer fired, so the attempt lasted timeoutMs; whole-millisecond wall time can read one less.
    settle({ kind: 'timeout', durationMs: Math.max(elapsed(), request.timeoutMs) });
    req?.destroy();
  }, request.timeoutMs);
  function settle(outcome: TransportOutcome): void {
    if (settled) return;
    settled = true;
    deadline.cancel();
    resolve(outcome);
  }
  const fail = (error: Error & { code?: string }): void => {
    const durationMs = elapsed();
    if (request.bodyMode.mode === 'abort' && isInjectedAbort(error)) return settle({ kind: 'aborted', durationMs });
    settle({ kind: 'network', failure: classifyNetworkError(error.code), error: error.message, durationMs });
  };

  try {
    req = start(request, options, agentFor);
  } catch (error) {
    fail(error as Error);
    return { result, cancel: () => undefined };
  }
  const mode = request.bodyMode;
  req.on('error', fail);
  // A receiver that answers 101 Switching Protocols (nothing asked to switch) takes the connection
  // away from HTTP: recorded as what it is, a 101, and the connection dropped.
  req.once('upgrade', (answer: IncomingMessage, socket: Socket) => {
    socket.destroy();
    settle({ kind: 'response', status: answer.statusCode ?? 101, durationMs: elapsed(), responseBody: '' });
  });
  req.once('response', (answer: IncomingMessage) => {
    const prefix = new ResponseBodyPrefix(request.responseBodyBytes);
    answer.on('data', (chunk: Buffer) => prefix.add(chunk));
    answer.once('error', fail);
    answer.once('aborted', () => settle({ kind: 'network', failure: 'connection_reset', error: 'aborted', durationMs: elapsed() }));
    answer.once('end', () => {
      const retryAfter = answer.headers['retry-after'];
      settle({
        kind: 'response',
        status: answer.statusCode ?? 0,
        durationMs: elapsed(),
        responseBody: prefix.text(),
        ...(retryAfter === undefined ? {} : { retryAfter }),
      });
    });
  });
  // Never left waiting: a request that closes without an answer or an error (it should not) was cut.
  req.once('close', () => setImmediate(() => settle({ kind: 'network', failure: 'connection_reset', error: 'closed before the answer ended', durationMs: elapsed() })));
  if (mode.mode === 'whole') req.end(request.body);
  else if (mode.mode === 'slow') slowBody(request.body, mode.overMs, options.clock).pipe(req);
  else {
    const aborting = abortingBody(request.body, mode.afterBytes, options.clock);
    // Armed once connected: a refused connection stays a refused connection.
    req.once('socket', (socket: Socket) => {
      if (socket.connecting) socket.once('connect', () => aborting.arm(socket));
      else aborting.arm(socket);
    });
    aborting.stream.once('error', (error) => req!.destroy(error));
    aborting.stream.pipe(req);
  }
  return {
    result,
    cancel() {
      if (settled) return;
      settle({ kind: 'cancelled', durationMs: elapsed() });
      req!.destroy();
    },
  };
}

/** The request for one attempt, its headers written; throws for a URL node:http cannot send to. */
function start(request: TransportRequest, options: NodeHttpTransportOptions, agentFor: (secure: boolean) => HttpAgent | HttpsAgentType): ClientRequest {
  // Parsed once per hook URL (hook-target.ts); throws for a protocol node:http cannot send to.
  const { url, authorization } = hookTargetOf(request.url);
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'user-agent': request.userAgent,
    'content-length': String(Buffer.byteLength(request.body)),
  };
  // userinfo in the URL becomes Basic authorization, as with got and curl.
  if (authorization !== undefined) headers.authorization = authorization;
  const init: RequestOptions & { rejectUnauthorized?: boolean } = {
    method: 'POST',
    headers,
    agent: agentFor(secure),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(secure ? { rejectUnauthorized: request.rejectUnauthorized } : {}),
  };
  const send = secure ? process.getBuiltinModule('node:https').request : httpRequest;
  return send(url, init);
}
