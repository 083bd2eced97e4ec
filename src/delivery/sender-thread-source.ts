/**
 * The sender thread's program (decision 0055), run with `new Worker(SENDER_THREAD_SOURCE, { eval:
 * true })`: plain CommonJS in a string, so the same text runs from the ESM build, the CommonJS
 * build and the bin's bundle (no file to find beside any of them). It is given each request a few
 * ms before its moment (`sender-thread.ts`), holds it, writes it at the moment on a keep-alive
 * `node:http` agent of its own, reads the answer as the node transport does, and posts back one
 * outcome per request: `{ id, outcome }`, a network failure carrying its error code for the main
 * thread to name. Its loop has nothing else to do, so the moment is not late because the main
 * thread is handling a trigger then. Messages in: `{ id, sendAt, host, port, path, headers, body,
 * timeoutMs, keepChars }` and `{ cancel: id }`; out: `{ ready: true }` once, then outcomes.
 */
export const SENDER_THREAD_SOURCE = String.raw`
'use strict';
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent(workerData.agentOptions);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const now = () => Number(process.hrtime.bigint()) / 1e6;
// A Node timer wakes the thread this long before the moment; it sleeps to SPIN_MS short of it, then
// watches the clock (a sleeping thread wakes 0.3-0.7 ms late in 1 case of 10 beside other work).
const COARSE_EARLY_MS = 3;
const SPIN_MS = 0.6;
const live = new Map();

parentPort.on('message', (m) => {
  if (m.cancel !== undefined) return cancel(m.cancel);
  const entry = { m, timer: undefined, req: undefined, deadline: undefined, started: 0, done: false };
  live.set(m.id, entry);
  // On a kept-alive connection the request is made now and only written at the moment; a new
  // connection is opened at the moment, as any attempt's (a refused one is refused then).
  const free = agent.freeSockets[agent.getName({ host: m.host, port: m.port })];
  if (free && free.length > 0) prepare(entry);
  const wait = Math.floor(m.sendAt - now() - COARSE_EARLY_MS);
  if (wait > 0) entry.timer = setTimeout(() => aim(entry), wait);
  else aim(entry);
});

function aim(entry) {
  entry.timer = undefined;
  if (entry.done) return;
  const left = entry.m.sendAt - now();
  if (left > SPIN_MS) Atomics.wait(sleeper, 0, 0, left - SPIN_MS);
  while (now() < entry.m.sendAt);
  send(entry);
}

function settle(entry, outcome) {
  if (entry.done) return;
  entry.done = true;
  live.delete(entry.m.id);
  if (entry.timer) clearTimeout(entry.timer);
  if (entry.deadline) clearTimeout(entry.deadline);
  parentPort.postMessage({ id: entry.m.id, outcome });
}

function cancel(id) {
  const entry = live.get(id);
  if (!entry) return;
  settle(entry, { kind: 'cancelled', durationMs: elapsed(entry) });
  if (entry.req) entry.req.destroy();
}

const elapsed = (entry) => (entry.started ? Math.max(0, Math.round(now() - entry.started)) : 0);

function send(entry) {
  const m = entry.m;
  entry.started = now();
  entry.deadline = setTimeout(() => {
    settle(entry, { kind: 'timeout', durationMs: Math.max(elapsed(entry), m.timeoutMs) });
    if (entry.req) entry.req.destroy();
  }, m.timeoutMs);
  if (!entry.req) prepare(entry);
  if (entry.req) entry.req.end(m.body);
}

/** The request, its headers set and its answer handled; nothing is written until end(). */
function prepare(entry) {
  const m = entry.m;
  const fail = (error) => settle(entry, { kind: 'network', code: error.code, error: error.message, durationMs: elapsed(entry) });
  let req;
  try {
    req = http.request({ host: m.host, port: m.port, path: m.path, method: 'POST', agent, headers: m.headers, setHost: false });
  } catch (error) {
    return fail(error);
  }
  entry.req = req;
  req.on('error', fail);
  req.once('upgrade', (answer, socket) => {
    socket.destroy();
    settle(entry, { kind: 'response', status: answer.statusCode || 101, durationMs: elapsed(entry), responseBody: '' });
  });
  req.once('response', (answer) => {
    // The first keepChars characters are kept (at most 4 bytes each); the rest is read and dropped.
    const keptBytes = m.keepChars * 4;
    const chunks = [];
    let bytes = 0;
    answer.on('data', (chunk) => {
      if (bytes >= keptBytes) return;
      const part = Buffer.from(chunk.length > keptBytes - bytes ? chunk.subarray(0, keptBytes - bytes) : chunk);
      chunks.push(part);
      bytes += part.length;
    });
    answer.once('error', fail);
    answer.once('aborted', () => settle(entry, { kind: 'network', code: 'ECONNRESET', error: 'aborted', durationMs: elapsed(entry) }));
    answer.once('end', () => {
      const text = Buffer.concat(chunks, bytes).toString('utf8');
      const retryAfter = answer.headers['retry-after'];
      settle(entry, {
        kind: 'response',
        status: answer.statusCode || 0,
        durationMs: elapsed(entry),
        responseBody: text.length > m.keepChars ? text.slice(0, m.keepChars) : text,
        ...(retryAfter === undefined ? {} : { retryAfter }),
      });
    });
  });
  req.once('close', () => setImmediate(() => settle(entry, { kind: 'network', code: 'ECONNRESET', error: 'closed before the answer ended', durationMs: elapsed(entry) })));
}

parentPort.postMessage({ ready: true });
`;
