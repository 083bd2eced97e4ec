// @ts-check
import { call, ApiError } from './api.js';
import { h, time } from './dom.js';

/**
 * One delivery opened: its attempt timeline (with the bytes as sent for an attempt whose request
 * a fault reshaped), its facts, the payload and a Redeliver button.
 */

/** @typedef {import('./delivery-row-parts.js').Delivery} Delivery */
/** @typedef {import('./delivery-row-parts.js').Attempt} Attempt */
/** @typedef {{ request: { headers: Array<{ name: string, value: string }>, postData?: { mimeType: string, text: string }, bodySize: number }, _attempt: number }} HarEntry */

/**
 * Request faults that change what the receiver got: the bytes (`truncate`, `malformedJson`, the
 * first half then a cut connection for `abort`) or their Content-Type (`wrongContentType`).
 * `slowBody` sends the same bytes slowly, so the payload pane shows them as sent already.
 */
export const RESHAPING_FAULTS = new Set(['truncate', 'malformedJson', 'wrongContentType', 'abort']);

/** How each reshaping fault is said in the page. @type {Record<string, string>} */
const SENT_AS = {
  truncate: 'truncated (the first half of the body, honest Content-Length)',
  malformedJson: 'malformed (a comma before the closing bracket)',
  wrongContentType: 'with a wrong Content-Type',
  abort: 'cut off: the first half of the body, then the connection was closed',
};

/** @param {Attempt} a */
export const reshaped = (a) => a.fault !== undefined && RESHAPING_FAULTS.has(a.fault);

/**
 * The requests as the emulator sent them, per attempt number. Read from the journal's HAR view
 * (`GET /_emulator/deliveries?format=har&id=`), which rebuilds each request exactly as the
 * transport does, so the page never re-implements a fault. Kept per delivery and attempt count.
 */
export function createSentBytes() {
  /** @type {Map<string, Promise<Map<number, HarEntry>>>} */
  const cache = new Map();
  /** @param {Delivery} d */
  return function sentRequests(d) {
    const key = `${d.id}|${d.attempts.length}`;
    let found = cache.get(key);
    if (!found) {
      found = call('listDeliveries', { query: { id: d.id, format: 'har' } }).then((/** @type {{ log: { entries: HarEntry[] } }} */ har) => new Map(har.log.entries.map((e) => [e._attempt, e])));
      found.catch(() => cache.delete(key));
      if (cache.size > 200) cache.clear();
      cache.set(key, found);
    }
    return found;
  };
}

/**
 * The body bytes the receiver got for an attempt: all of them, or for `abort` the first half
 * (as the transport counts it: bytes of UTF-8, which may end inside a character).
 * @param {string} body @param {string | undefined} fault
 */
export function bytesReceived(body, fault) {
  const bytes = new TextEncoder().encode(body);
  if (fault !== 'abort') return { text: body, sent: bytes.length, total: bytes.length };
  const half = Math.floor(bytes.length / 2);
  return { text: new TextDecoder().decode(bytes.slice(0, half)), sent: half, total: bytes.length };
}

/**
 * @param {Delivery} d
 * @param {{ sentRequests: (d: Delivery) => Promise<Map<number, HarEntry>>, upsert: (d: Delivery) => void }} deps
 */
export function renderDetail(d, deps) {
  const status = h('p', { class: 'action-status', role: 'status' });
  const redeliver = h('button', { type: 'button', class: 'redeliver' }, 'Redeliver');
  redeliver.addEventListener('click', async () => {
    redeliver.disabled = true;
    status.textContent = 'Sending again...';
    try {
      /** @type {Delivery} */
      const created = await call('redeliver', { params: { id: d.id } });
      deps.upsert(created);
      status.textContent = `Redelivered as ${created.id}.`;
    } catch (e) {
      status.textContent = e instanceof ApiError ? e.message : String(e);
    } finally {
      redeliver.disabled = false;
    }
  });
  const facts = [
    ['Hook URL', d.hookUrl],
    ['Event', d.eventId],
    ['Subscription', d.subscriptionId],
    ['Created', d.createdAt],
    ['Settled', d.settledAt],
    ['Next attempt', d.nextAttemptAt],
    ['Redelivery of', d.redeliveryOf],
    ['Cancelled because', d.cancelReason],
  ].filter(([, v]) => v !== undefined);
  const odd = d.attempts.filter(reshaped);
  const sent = odd.length > 0 ? deps.sentRequests(d) : undefined;
  return h(
    'div',
    { class: 'detail' },
    h(
      'div',
      { class: 'detail-col' },
      h('h3', {}, `Attempts of ${d.id}`),
      d.attempts.length === 0
        ? h('p', { class: 'empty' }, d.nextAttemptAt ? `No attempt yet; the first is due at ${time(d.nextAttemptAt)}.` : 'No attempt yet.')
        : h('ol', { class: 'timeline' }, d.attempts.map((a) => renderAttempt(a, sent))),
      h('dl', { class: 'facts-list' }, facts.map(([k, v]) => [h('dt', {}, String(k)), h('dd', { class: k === 'Hook URL' ? 'hook-full' : undefined }, String(v))])),
      h('div', { class: 'row-actions' }, redeliver, status),
    ),
    h(
      'div',
      { class: 'detail-col' },
      h('h3', {}, d.source === 'raw' ? 'Request payload (exact body)' : 'Request payload'),
      odd.length > 0
        ? h('p', { class: 'sent-note' }, `${odd.map((a) => `Attempt ${a.number}`).join(', ')} ${odd.length > 1 ? 'were' : 'was'} not sent as shown here (${[...new Set(odd.map((a) => a.fault))].join(', ')}): the bytes as sent are under ${odd.length > 1 ? 'those attempts' : 'that attempt'}. Below is the payload as intended.`)
        : null,
      h('pre', { class: 'payload', tabindex: '0' }, d.payload === undefined ? (d.rawBody ?? '(not loaded)') : JSON.stringify(d.payload, null, 2)),
    ),
  );
}

/** @param {Attempt} a @param {Promise<Map<number, HarEntry>> | undefined} sent */
function renderAttempt(a, sent) {
  const ok = a.outcome === 'success';
  return h(
    'li',
    { class: `attempt ${ok ? 'ok' : 'bad'}`, 'data-outcome': a.outcome },
    h(
      'div',
      { class: 'attempt-head' },
      h('strong', {}, `#${a.number}`),
      h('span', {}, time(a.startedAt)),
      h('span', {}, `${a.durationMs} ms`),
      h('span', { class: `outcome outcome-${ok ? 'ok' : 'bad'}` }, a.outcome),
      a.status !== undefined ? h('span', {}, `HTTP ${a.status}`) : null,
      a.fault ? h('span', { class: 'tag fault' }, `fault: ${a.fault}`) : null,
      a.latencyMs ? h('span', { class: 'tag latency' }, `latency: ${a.latencyMs} ms`) : null,
    ),
    a.error ? h('p', { class: 'attempt-error' }, a.error) : null,
    sent && reshaped(a) ? renderSent(a, sent) : null,
    a.responseBody !== undefined
      ? h('div', { class: 'answer' }, h('span', { class: 'answer-label' }, `Receiver answered${a.status !== undefined ? ` ${a.status}` : ''}:`), h('pre', { class: 'response-body' }, a.responseBody === '' ? '(empty body)' : a.responseBody))
      : null,
  );
}

/**
 * The request an attempt sent, filled in when the HAR view answers.
 * @param {Attempt} a @param {Promise<Map<number, HarEntry>>} sent
 */
function renderSent(a, sent) {
  const label = h('span', { class: 'answer-label' }, `Sent ${SENT_AS[a.fault ?? ''] ?? a.fault}:`);
  const headers = h('dl', { class: 'sent-headers facts-list' });
  const body = h('pre', { class: 'sent-body', tabindex: '0' }, 'Loading the bytes as sent...');
  const box = h('div', { class: 'sent', 'data-fault': a.fault }, label, headers, body);
  sent.then(
    (entries) => {
      const entry = entries.get(a.number);
      if (!entry?.request.postData) {
        body.textContent = 'The journal no longer has this attempt.';
        return;
      }
      const got = bytesReceived(entry.request.postData.text, a.fault);
      for (const { name, value } of entry.request.headers) {
        if (name.toLowerCase() === 'host') continue;
        headers.append(h('dt', {}, name), h('dd', { 'data-header': name.toLowerCase() }, value));
      }
      if (a.fault === 'abort') headers.append(h('dt', {}, 'Bytes sent'), h('dd', {}, `${got.sent} of ${got.total}`));
      body.textContent = got.text === '' ? '(no bytes)' : got.text;
      // A cut or a stray comma is at the end of the body: show the end first.
      if (a.fault !== 'wrongContentType') requestAnimationFrame(() => (body.scrollTop = body.scrollHeight));
      box.dataset.loaded = 'true';
    },
    (e) => {
      body.textContent = `Could not load the bytes as sent: ${e instanceof Error ? e.message : e}`;
    },
  );
  return box;
}
