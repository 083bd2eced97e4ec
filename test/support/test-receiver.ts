import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, complete or not. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/hook?token=abc`. */
  url: string;
  /** Path without the query, e.g. `/hook`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as received (utf-8). For an aborted request, what arrived before the abort. */
  rawBody: string;
  /** `JSON.parse(rawBody)`, or undefined when the body is not valid JSON (see `jsonError`). */
  json: unknown;
  jsonError?: string;
  /** 1 for the first request to this path, 2 for the second, ... (complete requests only). */
  attempt: number;
  /** `Date.now()` when the request started arriving, and when its body was complete (or aborted). */
  startedAt: number;
  receivedAt: number;
}

/** How the receiver answers one request. Every field is optional: the default is 200 `{"ok":true}`. */
export interface ReceiverReply {
  status?: number;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long (real ms) before answering. */
  delayMs?: number;
  /** Destroys the socket instead of answering (the sender sees a reset). */
  destroy?: boolean;
}

export type ReplyFn = (request: RecordedRequest) => ReceiverReply;

export interface WaitOptions {
  timeoutMs?: number;
  /** Counts only requests to this path (no query). */
  path?: string;
}

export interface TestReceiver {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** Complete requests, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests whose body never completed (the sender aborted mid-body). */
  readonly incomplete: RecordedRequest[];
  /** `url + path`, e.g. `receiver.hookUrl('/orders?token=1')`. */
  hookUrl(path?: string): string;
  /**
   * Scripts the answers for one path (no query) by attempt: the nth request to `path` gets
   * `replies[n - 1]`; later requests get the default. `'*'` scripts every path that has no
   * script of its own. A function decides per request.
   *
   * @example receiver.script('/hook', [{ status: 503, headers: { 'Retry-After': '1' } }, { status: 200 }]);
   */
  script(path: string, replies: ReceiverReply[] | ReplyFn): void;
  /** The answer for requests with no scripted reply (200 `{"ok":true}` unless changed). */
  setDefault(reply: ReceiverReply | ReplyFn): void;
  requestsTo(path: string): RecordedRequest[];
  /** Resolves with the requests once at least `n` complete ones (to `path`, if given) arrived. */
  waitFor(n: number, options?: WaitOptions): Promise<RecordedRequest[]>;
  /** Forgets recorded requests and scripts (keeps listening on the same port). */
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  n: number;
  path: string | undefined;
  resolve: (requests: RecordedRequest[]) => void;
}

/**
 * A recording HTTP receiver on 127.0.0.1, port 0, for tests of anything that sends deliveries.
 * Raw node:http (not Express) so it keeps up with the delivery engine in load tests.
 *
 * @example
 *   const receiver = await startTestReceiver();
 *   receiver.script('/hook', [{ status: 500 }, { status: 200 }]);
 *   // ... subscribe receiver.hookUrl('/hook') and trigger an event ...
 *   const [first, second] = await receiver.waitFor(2, { path: '/hook' });
 *   await receiver.close();
 */
export async function startTestReceiver(): Promise<TestReceiver> {
  const requests: RecordedRequest[] = [];
  const incomplete: RecordedRequest[] = [];
  const scripts = new Map<string, ReceiverReply[] | ReplyFn>();
  const attemptsByPath = new Map<string, number>();
  const waiters = new Set<Waiter>();
  const timers = new Set<NodeJS.Timeout>();
  let defaultReply: ReceiverReply | ReplyFn = {};

  const count = (path: string | undefined): number =>
    path === undefined ? requests.length : requests.filter((r) => r.path === path).length;

  const matching = (path: string | undefined): RecordedRequest[] =>
    path === undefined ? [...requests] : requests.filter((r) => r.path === path);

  const notify = (): void => {
    for (const w of waiters) {
      if (count(w.path) >= w.n) {
        waiters.delete(w);
        w.resolve(matching(w.path));
      }
    }
  };

  const replyFor = (request: RecordedRequest): ReceiverReply => {
    const script = scripts.get(request.path) ?? scripts.get('*');
    const fromScript = typeof script === 'function' ? script(request) : script?.[request.attempt - 1];
    if (fromScript) return fromScript;
    return typeof defaultReply === 'function' ? defaultReply(request) : defaultReply;
  };

  const answer = (res: ServerResponse, reply: ReceiverReply): void => {
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const body = reply.body === undefined ? '{"ok":true}' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = Date.now();
    const url = req.url ?? '/';
    const chunks: Buffer[] = [];
    let done = false;
    const record = (): RecordedRequest => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      let jsonError: string | undefined;
      try {
        json = JSON.parse(rawBody);
      } catch (error) {
        jsonError = (error as Error).message;
      }
      return {
        method: req.method ?? '',
        url,
        path: url.split('?')[0] ?? url,
        headers: req.headers,
        rawBody,
        json,
        ...(jsonError === undefined ? {} : { jsonError }),
        attempt: 0,
        startedAt,
        receivedAt: Date.now(),
      };
    };
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      done = true;
      const request = record();
      request.attempt = (attemptsByPath.get(request.path) ?? 0) + 1;
      attemptsByPath.set(request.path, request.attempt);
      requests.push(request);
      const reply = replyFor(request);
      notify();
      if (reply.delayMs && reply.delayMs > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) answer(res, reply);
        }, reply.delayMs);
        timers.add(t);
      } else {
        answer(res, reply);
      }
    });
    req.on('close', () => {
      if (!done) {
        done = true;
        incomplete.push(record());
      }
    });
    req.on('error', () => undefined);
  };

  // Longer than any sender's idle-socket timeout (the delivery engine's is 4 s), so the receiver
  // never closes a kept-alive socket just as a request is sent on it (a reset that no test wants).
  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    requests,
    incomplete,
    hookUrl: (path = '/hook') => `${url}${path.startsWith('/') ? path : `/${path}`}`,
    script(path, replies) {
      scripts.set(path, replies);
    },
    setDefault(reply) {
      defaultReply = reply;
    },
    requestsTo: (path) => matching(path),
    waitFor(n, options = {}) {
      const { timeoutMs = 10_000, path } = options;
      if (count(path) >= n) return Promise.resolve(matching(path));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          n,
          path,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `test receiver: waited ${timeoutMs} ms for ${n} request(s)${path ? ` to ${path}` : ''}, got ${count(path)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      requests.length = 0;
      incomplete.length = 0;
      scripts.clear();
      attemptsByPath.clear();
      defaultReply = {};
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
