// @ts-check
import { call, ApiError } from './api.js';
import { urlOf } from './contract.js';
import { field, h, replace, select, time } from './dom.js';
import { followStream } from './sse.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/**
 * @typedef {{ number: number, startedAt: string, durationMs: number, outcome: string, status?: number, error?: string, responseBody?: string, fault?: string, latencyMs?: number }} Attempt
 * @typedef {{ id: string, eventId: string, type: string, hookUrl: string, apiKey: string, state: string, payload?: unknown, rawBody?: string, source?: string, attempts: Attempt[], subscriptionId: string, createdAt: string, settledAt?: string, nextAttemptAt?: string, redeliveryOf?: string, cancelReason?: string }} Delivery
 * @typedef {{ type: string, state: string, hookUrl: string, apiKey: string, subject: string }} Filter
 */

export const STATES = ['pending', 'delivered', 'failed', 'dropped', 'cancelled'];
/** Rows drawn at most; the rest are counted ("showing 300 of 1200"). */
const MAX_ROWS = 300;
/** Deliveries kept in the page at most (the journal keeps more; the page is a live view). */
const MAX_KEPT = 5000;

/** `dlv_12` -> 12, for newest-first order. @param {string} id */
const seq = (id) => Number(id.replace(/^\D+/, '')) || 0;

/**
 * Does `payload` mention `key: n` at any depth (v2 payloads are one-item arrays)?
 * @param {unknown} payload @param {string[]} keys @param {number} n
 * @returns {boolean}
 */
function mentions(payload, keys, n) {
  if (Array.isArray(payload)) return payload.some((p) => mentions(p, keys, n));
  if (typeof payload !== 'object' || payload === null) return false;
  for (const [k, v] of Object.entries(payload)) {
    if (keys.includes(k) && v === n) return true;
    if (typeof v === 'object' && mentions(v, keys, n)) return true;
  }
  return false;
}

/**
 * The subject filter: `customer:79460`, `project:2143`, an event id (`evt_3`), a delivery id, or a
 * bare number matching either customer or project id.
 * @param {Delivery} d @param {string} subject
 */
function matchesSubject(d, subject) {
  const s = subject.trim();
  if (s === '') return true;
  const m = /^(customer|project)?:?\s*(\d+)$/i.exec(s);
  if (m) {
    const n = Number(m[2]);
    const kind = m[1]?.toLowerCase();
    const keys = kind === 'customer' ? ['customer_id'] : kind === 'project' ? ['project_id'] : ['customer_id', 'project_id'];
    return mentions(d.payload, keys, n);
  }
  return d.eventId === s || d.id === s;
}

/** @param {Delivery} d @param {Filter} f */
function matches(d, f) {
  return (
    (f.type === '' || d.type === f.type) &&
    (f.state === '' || d.state === f.state) &&
    (f.apiKey === '' || d.apiKey === f.apiKey) &&
    (f.hookUrl === '' || d.hookUrl.includes(f.hookUrl)) &&
    matchesSubject(d, f.subject)
  );
}

/** What the last attempt came to: its HTTP status, else its outcome. @param {Delivery} d */
function lastResult(d) {
  const a = d.attempts[d.attempts.length - 1];
  if (!a) return d.state === 'pending' ? 'waiting' : '';
  return a.status !== undefined ? `${a.status}` : a.outcome;
}

/**
 * The live delivery list: newest first, filters, an expandable attempt timeline per delivery,
 * redeliver. Fed by GET /_emulator/deliveries once, then by the stream.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createDeliveriesView(panel, ctx) {
  /** @type {Map<string, Delivery>} */
  const byId = new Map();
  /** @type {Set<string>} */
  const expanded = new Set();
  /** @type {Map<string, { row: HTMLTableRowElement, detail: HTMLTableRowElement, drawn: string }>} */
  const rows = new Map();
  /** @type {Filter} */
  const filter = { type: '', state: '', hookUrl: '', apiKey: '', subject: '' };

  const typeSelect = select([['', 'All types'], ...ctx.allTypes().map((t) => /** @type {[string, string]} */ ([t, t]))], { name: 'type' });
  const stateSelect = select([['', 'All states'], ...STATES.map((s) => /** @type {[string, string]} */ ([s, s]))], { name: 'state' });
  const hookInput = h('input', { type: 'search', name: 'hookUrl', placeholder: 'part of a hook URL', autocomplete: 'off' });
  const accountSelect = select([['', 'All accounts'], ...ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.apiKey]))], { name: 'apiKey' });
  const subjectInput = h('input', { type: 'search', name: 'subject', placeholder: 'customer:79460, project:2143, evt_1', autocomplete: 'off' });
  const inputs = { type: typeSelect, state: stateSelect, hookUrl: hookInput, apiKey: accountSelect, subject: subjectInput };
  const onFilter = () => {
    filter.type = typeSelect.value;
    filter.state = stateSelect.value;
    filter.hookUrl = hookInput.value.trim();
    filter.apiKey = accountSelect.value;
    filter.subject = subjectInput.value;
    draw();
  };
  for (const el of Object.values(inputs)) el.addEventListener('input', onFilter);
  const clear = h('button', { type: 'button', class: 'secondary', onclick: () => setFilter({}) }, 'Clear filters');

  const live = h('span', { class: 'live', 'data-connected': 'false' }, 'connecting...');
  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true }, 'No deliveries yet. Trigger an event (Trigger tab) with a subscription in place (Subscriptions tab).');
  const table = h(
    'table',
    { class: 'deliveries', 'aria-label': 'Deliveries, newest first' },
    h('thead', {}, h('tr', {}, ['', 'State', 'Delivery', 'Type', 'Hook URL', 'Account', 'Attempts', 'Last', 'Created (UTC)'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody,
  );

  replace(
    panel,
    h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter deliveries', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
      field('Type', typeSelect).el,
      field('State', stateSelect).el,
      field('Hook URL', hookInput).el,
      field('Account', accountSelect).el,
      field('Customer / project / event', subjectInput).el,
      h('div', { class: 'field actions' }, clear),
    ),
    h('div', { class: 'list-head' }, summary, live),
    h('div', { class: 'table-wrap' }, table),
    empty,
  );

  /** @param {Delivery} d */
  function upsert(d) {
    const old = byId.get(d.id);
    // The list load and the stream overlap: never let an older picture replace a newer one.
    if (old && old.attempts.length > d.attempts.length) return;
    if (old && old.state !== 'pending' && d.state === 'pending') return;
    if (d.payload === undefined && old?.payload !== undefined) d = { ...d, payload: old.payload };
    byId.set(d.id, d);
    // Trimmed in batches, so a busy stream does not sort the whole list on every change.
    if (byId.size > MAX_KEPT + 500) {
      const oldest = [...byId.keys()].sort((a, b) => seq(a) - seq(b)).slice(0, byId.size - MAX_KEPT);
      for (const id of oldest) {
        byId.delete(id);
        rows.get(id)?.row.remove();
        rows.get(id)?.detail.remove();
        rows.delete(id);
      }
    }
    scheduleDraw();
  }

  let drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw();
    });
  }

  function draw() {
    const all = [...byId.values()].sort((a, b) => seq(b.id) - seq(a.id));
    const shown = all.filter((d) => matches(d, filter));
    const visible = shown.slice(0, MAX_ROWS);
    const keep = new Set(visible.map((d) => d.id));
    for (const [id, r] of rows) {
      if (!keep.has(id)) {
        r.row.remove();
        r.detail.remove();
        rows.delete(id);
      }
    }
    // Rows already drawn keep their order (ids never change), so only new rows are inserted and
    // a focused button is never moved.
    /** @type {ChildNode | null} */
    let cursor = tbody.firstChild;
    for (const d of visible) {
      const r = rows.get(d.id) ?? makeRow(d);
      updateRow(d, r);
      if (cursor !== r.row) tbody.insertBefore(r.row, cursor);
      if (r.row.nextSibling !== r.detail) tbody.insertBefore(r.detail, r.row.nextSibling);
      cursor = r.detail.nextSibling;
    }
    summary.textContent =
      shown.length > visible.length ? `Showing the newest ${visible.length} of ${shown.length} matching deliveries (${byId.size} loaded).` : `${shown.length} of ${byId.size} deliveries.`;
    empty.hidden = byId.size > 0;
  }

  /** @param {Delivery} d */
  function makeRow(d) {
    const detailCell = h('td', { colspan: '9' });
    const detail = h('tr', { class: 'delivery-detail', 'data-detail-for': d.id, hidden: true }, detailCell);
    const toggle = h('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', 'aria-label': `Attempts of ${d.id}` }, '▸');
    detail.id = `detail-${d.id}`;
    toggle.setAttribute('aria-controls', detail.id);
    toggle.addEventListener('click', () => {
      if (expanded.has(d.id)) expanded.delete(d.id);
      else expanded.add(d.id);
      const current = byId.get(d.id);
      if (current) updateRow(current, r);
    });
    const row = h('tr', { class: 'delivery-row', 'data-id': d.id }, h('td', {}, toggle), ...Array.from({ length: 8 }, () => h('td')));
    const r = { row, detail, drawn: '' };
    rows.set(d.id, r);
    return r;
  }

  /** @param {Delivery} d @param {{ row: HTMLTableRowElement, detail: HTMLTableRowElement, drawn: string }} r */
  function updateRow(d, r) {
    const open = expanded.has(d.id);
    const key = `${d.state}|${d.attempts.length}|${d.nextAttemptAt ?? ''}|${open}`;
    if (r.drawn === key) return;
    r.drawn = key;
    const cells = r.row.cells;
    const toggle = /** @type {HTMLButtonElement} */ (cells[0]?.firstChild);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? '▾' : '▸';
    r.row.dataset.state = d.state;
    replace(/** @type {HTMLElement} */ (cells[1]), h('span', { class: `state state-${d.state}` }, d.state));
    setText(cells[2], d.id);
    setText(cells[3], d.type);
    setText(cells[4], d.hookUrl);
    cells[4]?.setAttribute('title', d.hookUrl);
    cells[4]?.classList.add('hook');
    setText(cells[5], d.apiKey);
    setText(cells[6], String(d.attempts.length));
    setText(cells[7], lastResult(d));
    setText(cells[8], time(d.createdAt));
    r.detail.hidden = !open;
    if (open) replace(/** @type {HTMLElement} */ (r.detail.cells[0]), renderDetail(d));
    else replace(/** @type {HTMLElement} */ (r.detail.cells[0]));
  }

  /** @param {Delivery} d */
  function renderDetail(d) {
    const status = h('p', { class: 'action-status', role: 'status' });
    const redeliver = h('button', { type: 'button', class: 'redeliver' }, 'Redeliver');
    redeliver.addEventListener('click', async () => {
      redeliver.disabled = true;
      status.textContent = 'Sending again...';
      try {
        /** @type {Delivery} */
        const created = await call('redeliver', { params: { id: d.id } });
        upsert(created);
        status.textContent = `Redelivered as ${created.id}.`;
      } catch (e) {
        status.textContent = e instanceof ApiError ? e.message : String(e);
      } finally {
        redeliver.disabled = false;
      }
    });
    const facts = [
      ['Event', d.eventId],
      ['Subscription', d.subscriptionId],
      ['Created', d.createdAt],
      ['Settled', d.settledAt],
      ['Next attempt', d.nextAttemptAt],
      ['Redelivery of', d.redeliveryOf],
      ['Cancelled because', d.cancelReason],
    ].filter(([, v]) => v !== undefined);
    return h(
      'div',
      { class: 'detail' },
      h(
        'div',
        { class: 'detail-col' },
        h('h3', {}, `Attempts of ${d.id}`),
        d.attempts.length === 0
          ? h('p', { class: 'empty' }, d.nextAttemptAt ? `No attempt yet; the first is due at ${time(d.nextAttemptAt)}.` : 'No attempt yet.')
          : h('ol', { class: 'timeline' }, d.attempts.map(renderAttempt)),
        h('dl', { class: 'facts-list' }, facts.map(([k, v]) => [h('dt', {}, String(k)), h('dd', {}, String(v))])),
        h('div', { class: 'row-actions' }, redeliver, status),
      ),
      h('div', { class: 'detail-col' }, h('h3', {}, d.source === 'raw' ? 'Request payload (exact body)' : 'Request payload'), h('pre', { class: 'payload', tabindex: '0' }, d.payload === undefined ? (d.rawBody ?? '(not loaded)') : JSON.stringify(d.payload, null, 2))),
    );
  }

  /** @param {Attempt} a */
  function renderAttempt(a) {
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
      a.responseBody !== undefined
        ? h('div', { class: 'answer' }, h('span', { class: 'answer-label' }, `Receiver answered${a.status !== undefined ? ` ${a.status}` : ''}:`), h('pre', { class: 'response-body' }, a.responseBody === '' ? '(empty body)' : a.responseBody))
        : null,
    );
  }

  /** @param {Partial<Filter>} f */
  function setFilter(f) {
    typeSelect.value = f.type ?? '';
    stateSelect.value = f.state ?? '';
    hookInput.value = f.hookUrl ?? '';
    accountSelect.value = f.apiKey ?? '';
    subjectInput.value = f.subject ?? '';
    onFilter();
  }

  async function load() {
    try {
      /** @type {{ deliveries: Delivery[] }} */
      const res = await call('listDeliveries', { query: { order: 'desc', limit: 1000, payload: true } });
      for (const d of res.deliveries) upsert(d);
    } catch (e) {
      ctx.notify(`Could not load deliveries: ${e instanceof Error ? e.message : e}`, 'error');
    }
  }

  followStream(urlOf('stream', { query: { payload: true } }), {
    onOpen: () => void load(),
    onStatus: (connected) => {
      live.dataset.connected = String(connected);
      live.textContent = connected ? 'live' : 'reconnecting...';
    },
    onEvent: (event, data) => {
      if (event !== 'delivery') return;
      try {
        const change = JSON.parse(data);
        upsert(change.delivery);
        ctx.deliveryChanged();
      } catch {
        // A message that is not JSON is not ours to show.
      }
    },
  });

  return {
    setFilter,
    /** Forget everything (after a reset) and load the journal again. */
    async reload() {
      byId.clear();
      expanded.clear();
      draw();
      await load();
    },
    /** @param {string} id */
    expand(id) {
      expanded.add(id);
      scheduleDraw();
    },
  };
}

/** @param {Element | undefined} cell @param {string} text */
function setText(cell, text) {
  if (cell && cell.textContent !== text) cell.textContent = text;
}
