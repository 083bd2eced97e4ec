import { Agent, request } from 'node:http';

/** How long a kept connection may sit idle before the client drops it. */
const IDLE_MS = 4000;

/** What one call of the client sends: a method, headers, a text body, a signal to give up. */
export interface ClientCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal;
}

/** What the client reads of an answer (a fetch Response is one). */
export interface ClientAnswer {
  ok: boolean;
  status: number;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** How the client sends its calls (not the delivery stream): the global fetch by default. */
export type ClientSend = (url: string, call: ClientCall) => Promise<ClientAnswer>;

/**
 * Calls over `node:http` with a keep-alive agent of its own, for an emulator in this process
 * (`startEmulator()`'s client): a fraction of fetch's allocation per call (no WHATWG streams,
 * Headers or Response), the answer read whole. Rejects as fetch does: with the signal's reason
 * when aborted, and a TypeError "fetch failed" (the socket error as `cause`) when the emulator
 * cannot be reached. Plain `http:` only; HTTPS and the stream stay on fetch.
 *
 * @example const send = nodeHttpSend(); const answer = await send('http://127.0.0.1:4477/_emulator/health', {});
 */
export function nodeHttpSend(): ClientSend {
  // Idle sockets are unref'd by the agent: a kept connection never holds the process open. An
  // idle one is dropped after IDLE_MS, before the server's own keep-alive timeout (Node's 5 s),
  // so a call never goes out on a socket the server is closing (undici does the same from the
  // server's Keep-Alive hint; Node's agent reads the hint only when it has a timeout). A call in
  // progress (a long-poll) is not cut by it.
  const agent = new Agent({ keepAlive: true, timeout: IDLE_MS });
  return (url, call) =>
    new Promise<ClientAnswer>((resolve, reject) => {
      const signal = call.signal;
      if (signal?.aborted) return reject(abortReason(signal));
      const body = call.body === undefined ? undefined : Buffer.from(call.body);
      const headers = body === undefined ? { ...call.headers } : { ...call.headers, 'content-length': String(body.length) };
      const req = request(url, { method: call.method ?? 'GET', headers, agent });
      const onAbort = (): void => {
        req.destroy();
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      req.on('error', (err) => {
        done();
        if (!signal?.aborted) reject(new TypeError('fetch failed', { cause: err }));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined); // an abort mid-answer: rejected by onAbort, or by req's error
        res.on('end', () => {
          done();
          const status = res.statusCode ?? 0;
          const text = chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString();
          resolve({ ok: status >= 200 && status < 300, status, text: async () => text, json: async () => JSON.parse(text) as unknown });
        });
      });
      req.end(body);
    });
}

/** What fetch rejects with when its signal aborts: the signal's reason (an AbortError by default). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
