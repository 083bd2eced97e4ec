// @ts-check
import { call } from './api.js';
import { urlOf } from './contract.js';
import { createSentBytes, renderDetail } from './delivery-detail.js';
import { attemptsCell, HOOK_CHARS, lastResult, matches, seq, troubleOf } from './delivery-row-parts.js';
import { field, h, reconcileRows, replace, select, shortenMiddle, time } from './dom.js';
import { followStream } from './sse.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/** @typedef {import('./delivery-row-parts.js').Delivery} Delivery */
/** @typedef {import('./delivery-row-parts.js').Attempt} Attempt */
/** @typedef {import('./delivery-row-parts.js').Filter} Filter */

export const STATES = ['pending', 'delivered', 'failed', 'dropped', 'cancelled'];
/** Rows drawn at most; the rest are counted ("showing 300 of 1200"). */
const MAX_ROWS = 300;
/** Deliveries kept in the page at most (the journal keeps more; the page is a live view). */
const MAX_KEPT = 5000;

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
  const sentRequests = createSentBytes();
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
    reconcileRows(tbody, rows, visible, { key: (d) => d.id, make: makeRow, update: updateRow, nodes: (r) => [r.row, r.detail] });
    summary.textContent =
      shown.length > visible.length ? `Showing the newest ${visible.length} of ${shown.length} matching deliveries (${byId.size} loaded).` : `${shown.length} of ${byId.size} deliveries.`;
    empty.hidden = byId.size > 0;
  }

  /** @param {string} id */
  function toggle(id) {
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    const current = byId.get(id);
    const r = rows.get(id);
    if (current && r) updateRow(current, r);
  }

  /**
   * A row is the control that opens it: a click anywhere on it (but not the end of a text
   * selection, so a URL can still be copied), or Enter / Space when it has the focus.
   * @param {Delivery} d
   */
  function makeRow(d) {
    const detailCell = h('td', { colspan: '9' });
    const detail = h('tr', { class: 'delivery-detail', 'data-detail-for': d.id, hidden: true }, detailCell);
    detail.id = `detail-${d.id}`;
    const row = h(
      'tr',
      { class: 'delivery-row', 'data-id': d.id, tabindex: '0', 'aria-expanded': 'false', 'aria-controls': detail.id, title: `Open ${d.id}: its attempts and payload` },
      h('td', {}, h('span', { class: 'expand', 'aria-hidden': 'true' }, '\u25B8')),
      ...Array.from({ length: 8 }, () => h('td')),
    );
    row.addEventListener('click', () => {
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && selection.anchorNode && row.contains(selection.anchorNode)) return;
      toggle(d.id);
    });
    row.addEventListener('keydown', (e) => {
      if (e.target !== row || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      toggle(d.id);
    });
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
    r.row.setAttribute('aria-expanded', String(open));
    setText(cells[0]?.firstElementChild ?? undefined, open ? '\u25BE' : '\u25B8');
    r.row.dataset.state = d.state;
    const trouble = troubleOf(d);
    r.row.dataset.retries = String(trouble.retries);
    r.row.dataset.faults = trouble.faults.join(' ');
    r.row.classList.toggle('has-retries', trouble.retries > 0);
    r.row.classList.toggle('has-faults', trouble.faults.length > 0);
    replace(/** @type {HTMLElement} */ (cells[1]), h('span', { class: `state state-${d.state}` }, d.state));
    setText(cells[2], d.id);
    setText(cells[3], d.type);
    setText(cells[4], shortenMiddle(d.hookUrl, HOOK_CHARS));
    cells[4]?.setAttribute('title', d.hookUrl);
    cells[4]?.classList.add('hook');
    setText(cells[5], d.apiKey);
    replace(/** @type {HTMLElement} */ (cells[6]), attemptsCell(d, trouble));
    setText(cells[7], lastResult(d));
    setText(cells[8], time(d.createdAt));
    r.detail.hidden = !open;
    if (open) replace(/** @type {HTMLElement} */ (r.detail.cells[0]), renderDetail(d, { sentRequests, upsert }));
    else replace(/** @type {HTMLElement} */ (r.detail.cells[0]));
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
