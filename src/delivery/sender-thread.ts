import { isIP, type LookupFunction } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { monotonicMs } from '../core/clock.js';
import { heldSends } from './held-send.js';
import { hookTargetOf } from './hook-target.js';
import { SENDER_THREAD_SOURCE } from './sender-thread-source.js';
import { classifyNetworkError, keepAliveAgentOptions, RESPONSE_BODY_LIMIT, type AttemptHandle, type Transport, type TransportOutcome, type TransportRequest } from './transport.js';

/** What `threadedSends` is made with. */
export interface ThreadedSendsOptions {
  /** Resolves a hook host that is a name (the guarded lookup); `dns.lookup` without it. */
  lookup?: LookupFunction | undefined;
  /** Connections the sender thread keeps per origin. */
  maxSockets?: number;
  /** Hears when a thread can take requests (the emulator logs it at debug level). */
  onStarted?: () => void;
  /** Hears when a thread failed or exited unasked; what it held ended as `connection_reset`. */
  onFailed?: (why: string) => void;
}

/** A transport whose held requests go out from the sender thread; `started()` resolves once it can take them (tests). */
export type ThreadedTransport = Transport & { started(): Promise<void> };

/** Longer than a request's own deadline, the main thread stops waiting for the thread's answer: a thread that never answers still ends the attempt. */
const GRACE_MS = 1000;

/** An outcome as the thread posts it: a network failure carries its error code, named here. */
type ThreadOutcome = Exclude<TransportOutcome, { kind: 'network' }> | { kind: 'network'; code?: string; error: string; durationMs: number };

/**
 * Sends a request that carries a moment (`sendAt`: injected latency, handed over a few ms early by
 * the engine) from a thread of its own, so that the write is on time even when the main thread is
 * handling a trigger at that moment (decision 0055). Only a whole body to an `http:` URL goes
 * there; a slow or aborting body, `https:`, or a request that comes while the thread is starting
 * waits on the main thread's aimed timer instead (`heldSends`), and a request without a moment goes
 * to `inner` at once. The thread starts on the first held request it could send (one with only
 * `https:` hooks never starts it) and is ended by close(). Outcomes are the node transport's (test/delivery/transport-contract.test.ts).
 *
 * @example threadedSends(createNodeHttpTransport(o), { lookup }).send({ ...request, sendAt: monotonicMs() + 200 })
 */
export function threadedSends(inner: Transport, options: ThreadedSendsOptions = {}): ThreadedTransport {
  let thread: SenderThread | undefined;
  const held = heldSends(inner);
  const threadNow = (): SenderThread => (thread ??= startThread(options, (gone) => thread === gone && (thread = undefined)));
  return {
    sendsAt: true,
    send(request) {
      if (request.sendAt === undefined) return inner.send(request);
      if (!goesByThread(request)) return held.send(request);
      // Started by any request it could send, also one handed over too late to hold (a busy process);
      // until it runs, and for a moment already gone, the main thread sends (held.send: at once then).
      const running = threadNow();
      return running.ready && request.sendAt > monotonicMs() ? running.send(request) : held.send(request);
    },
    close() {
      thread?.stop('the transport was closed');
      thread = undefined;
      held.close();
    },
    started: () => threadNow().whenReady,
  };
}

/** What the thread can send: a whole body over plain HTTP. */
function goesByThread(request: TransportRequest): boolean {
  return request.bodyMode.mode === 'whole' && request.url.startsWith('http:');
}

interface SenderThread {
  ready: boolean;
  whenReady: Promise<void>;
  send(request: TransportRequest): AttemptHandle;
  stop(why: string): void;
}

interface Waiting {
  settle(outcome: TransportOutcome): void;
}

function startThread(options: ThreadedSendsOptions, onGone: (gone: SenderThread) => void): SenderThread {
  const { Worker: WorkerClass } = process.getBuiltinModule('node:worker_threads');
  const worker: Worker = new WorkerClass(SENDER_THREAD_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 2 }, workerData: { agentOptions: keepAliveAgentOptions(options.maxSockets) } });
  // The thread never keeps the process alive by itself: a pending held request does (its main-thread deadline).
  worker.unref();
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  let stopped = false;
  let markReady!: () => void;
  const self: SenderThread = {
    ready: false,
    whenReady: new Promise<void>((resolve) => (markReady = resolve)),
    send: (request) => sendByThread(worker, waiting, nextId++, request, options.lookup),
    stop(why) {
      if (stopped) return;
      stopped = true;
      self.ready = false;
      onGone(self);
      for (const w of waiting.values()) w.settle({ kind: 'network', failure: 'connection_reset', error: why, durationMs: 0 });
      waiting.clear();
      void worker.terminate();
    },
  };
  worker.on('message', (m: { ready?: true; id?: number; outcome?: ThreadOutcome }) => {
    if (m.ready) return (self.ready = true), markReady(), options.onStarted?.();
    const w = waiting.get(m.id!);
    if (!w) return;
    waiting.delete(m.id!);
    const o = m.outcome!;
    // A network failure named from its code, its message as the node transport records it.
    w.settle(o.kind === 'network' ? { kind: 'network', failure: classifyNetworkError(o.code), error: o.error, durationMs: o.durationMs } : o);
  });
  const failed = (why: string): void => {
    if (!stopped) options.onFailed?.(why);
    self.stop(why);
  };
  worker.on('error', (e) => failed(`the sender thread failed: ${e.message}`));
  worker.on('exit', () => failed('the sender thread stopped'));
  return self;
}

/** One request through the thread: resolved here (a name), posted, and settled by the thread's answer, a cancel, or the main thread's own deadline. */
function sendByThread(worker: Worker, waiting: Map<number, Waiting>, id: number, request: TransportRequest, lookup: LookupFunction | undefined): AttemptHandle {
  const sendAt = request.sendAt!;
  let resolve!: (outcome: TransportOutcome) => void;
  const result = new Promise<TransportOutcome>((r) => (resolve = r));
  let posted = false;
  let settled = false;
  const sinceMoment = (): number => Math.max(0, Math.round(monotonicMs() - sendAt));
  const timedOut = (): void => settle({ kind: 'timeout', durationMs: Math.max(sinceMoment(), request.timeoutMs) }, true);
  // The deadline counts from the moment, as the thread's does; once posted, the thread names the
  // outcome and this one waits GRACE_MS more (a thread that never answers still ends the attempt).
  let deadline = setTimeout(() => (posted ? (deadline = setTimeout(timedOut, GRACE_MS)) : timedOut()), Math.max(0, sendAt - monotonicMs()) + request.timeoutMs);
  const settle = (outcome: TransportOutcome, tellThread = false): void => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    waiting.delete(id);
    if (tellThread && posted) worker.postMessage({ cancel: id });
    resolve(outcome);
  };
  // Also while a name is being resolved: a stopped thread ends it.
  waiting.set(id, { settle: (o) => settle(o) });
  let target: ReturnType<typeof hookTargetOf>;
  try {
    target = hookTargetOf(request.url);
  } catch (error) {
    const e = error as Error & { code?: string };
    settle({ kind: 'network', failure: classifyNetworkError(e.code), error: e.message, durationMs: 0 });
    return { result, cancel: () => undefined };
  }
  const { url, authorization } = target;
  const headers: Record<string, string> = { 'content-type': request.contentType, 'user-agent': request.userAgent, 'content-length': String(Buffer.byteLength(request.body)) };
  if (authorization !== undefined) headers.authorization = authorization;
  // Last, as node:http adds it: the same header bytes as the node transport's.
  headers.Host = url.host;
  const post = (host: string): void => {
    if (settled) return;
    posted = true;
    const port = url.port === '' ? 80 : Number(url.port);
    worker.postMessage({ id, sendAt, host, port, path: `${url.pathname}${url.search}`, headers, body: request.body, timeoutMs: request.timeoutMs, keepChars: request.responseBodyBytes ?? RESPONSE_BODY_LIMIT });
  };
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(hostname) !== 0) post(hostname);
  else {
    const resolveName = lookup ?? (process.getBuiltinModule('node:dns').lookup as unknown as LookupFunction);
    resolveName(hostname, {}, (err, address) => {
      if (!err) return post(address as string);
      settle({ kind: 'network', failure: classifyNetworkError(err.code), error: err.message, durationMs: 0 });
    });
  }
  return { result, cancel: () => settle({ kind: 'cancelled', durationMs: sinceMoment() }, true) };
}
