// @ts-check
import { call, ApiError } from './api.js';
import { field, h, reconcileRows, replace, select } from './dom.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/** @typedef {{ apiKey: string, customerId: number, name: string, email: string, type: string, statusId: number, status: string, createdAt: string, projectIds?: number[] }} Customer */
/** @typedef {{ apiKey: string, projectId: number, customerId: number, nickname: string, isDraft: boolean, proposalStatus: string, proposalLink: string | null }} Project */

const UNAVAILABLE = 'World view not available in this emulator version';

/**
 * An account's customers, or undefined when this emulator has no world routes (404).
 * @param {string} apiKey
 * @returns {Promise<Customer[] | undefined>}
 */
export async function loadCustomers(apiKey) {
  try {
    /** @type {{ customers: Customer[] }} */
    const res = await call('worldCustomers', { query: { apiKey } });
    return res.customers;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

/** How often the World view asks for the account's customers while it is open. */
export const WORLD_POLL_MS = 1500;

/**
 * Customers and projects of each account, each with a link to the deliveries about it. Live
 * while the tab is open: it asks again every WORLD_POLL_MS (polling, not the stream: the stream
 * carries deliveries, and an event with no subscriber moves the world without any delivery) and
 * changes only the rows that changed, so an opened project list and the focus stay put.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createWorldView(panel, ctx) {
  const accountSelect = select(ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.apiKey])), { name: 'apiKey' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const live = h('span', { class: 'live', 'data-connected': 'false' }, 'not following');
  const body = h('div', { class: 'world' });
  replace(panel, h('h2', {}, 'World'), h('div', { class: 'filters' }, field('Account', accountSelect).el, h('div', { class: 'field actions' }, refresh), h('div', { class: 'field actions' }, live)), body);

  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'world-table', 'aria-label': 'Customers' },
    h('thead', {}, h('tr', {}, ['Customer', 'Name', 'Email', 'Type', 'Status', 'Created', 'Projects', ''].map((t) => h('th', { scope: 'col' }, t)))),
    tbody,
  );
  /** @type {Map<number, { row: HTMLTableRowElement, drawn: string, projects: HTMLElement, opened: boolean }>} */
  const rows = new Map();
  let shownAccount = '';
  let loading = false;
  let again = false;
  let timer = 0;

  /** @param {boolean} first */
  async function load(first = false) {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    const apiKey = accountSelect.value;
    if (first || apiKey !== shownAccount) {
      rows.clear();
      replace(tbody);
      replace(body, h('p', { class: 'empty' }, 'Loading...'));
    }
    try {
      const customers = await loadCustomers(apiKey);
      if (customers === undefined) {
        stop();
        replace(body, h('p', { class: 'empty unavailable' }, UNAVAILABLE));
      } else if (apiKey === accountSelect.value) {
        shownAccount = apiKey;
        draw(customers);
        live.dataset.connected = String(timer !== 0);
        live.textContent = timer !== 0 ? `live, updated ${new Date().toISOString().slice(11, 19)} UTC` : 'not following';
      }
    } catch (e) {
      live.dataset.connected = 'false';
      live.textContent = `could not load: ${e instanceof Error ? e.message : e}`;
      if (rows.size === 0) replace(body, h('p', { class: 'form-error' }, `Could not load the world: ${e instanceof Error ? e.message : e}`));
    } finally {
      loading = false;
      if (again) {
        again = false;
        void load();
      }
    }
  }

  /** @param {Customer[]} customers */
  function draw(customers) {
    if (customers.length === 0) {
      rows.clear();
      replace(tbody);
      replace(body, h('p', { class: 'empty' }, 'No customers in this account yet: trigger customer_created.'));
      return;
    }
    if (table.parentNode !== body) replace(body, table);
    reconcileRows(tbody, rows, customers, { key: (c) => c.customerId, make: makeRow, update: updateRow, nodes: (r) => [r.row] });
  }

  /** @param {Customer} c */
  function makeRow(c) {
    const projects = h('td', { class: 'projects' });
    const row = h('tr', { 'data-customer-id': String(c.customerId) }, ...Array.from({ length: 6 }, () => h('td')), projects, h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.showDeliveries({ subject: `customer:${c.customerId}` }) }, 'Deliveries')));
    const r = { row, drawn: '', projects, opened: false };
    rows.set(c.customerId, r);
    return r;
  }

  /** @param {Customer} c @param {{ row: HTMLTableRowElement, drawn: string, projects: HTMLElement, opened: boolean }} r */
  function updateRow(c, r) {
    const key = JSON.stringify([c.name, c.email, c.type, c.status, c.createdAt, c.projectIds]);
    if (r.drawn === key) return;
    r.drawn = key;
    [String(c.customerId), c.name, c.email, c.type, c.status, c.createdAt].forEach((text, i) => {
      const cell = r.row.cells[i];
      if (cell && cell.textContent !== text) cell.textContent = text;
    });
    if (r.opened) {
      void loadProjects(c, r.projects);
      return;
    }
    const showProjects = h('button', { type: 'button', class: 'link' }, `${c.projectIds?.length ?? 0} project(s)`);
    showProjects.addEventListener('click', () => {
      r.opened = true;
      void loadProjects(c, r.projects);
    });
    replace(r.projects, showProjects);
  }

  /** @param {Customer} c @param {HTMLElement} cell */
  async function loadProjects(c, cell) {
    try {
      /** @type {{ projects: Project[] }} */
      const res = await call('worldProjects', { query: { apiKey: c.apiKey ?? accountSelect.value, customerId: c.customerId } });
      replace(
        cell,
        res.projects.length === 0
          ? 'none'
          : h(
              'ul',
              { class: 'project-list' },
              res.projects.map((p) =>
                h(
                  'li',
                  {},
                  `${p.projectId} ${p.nickname} (${p.isDraft ? 'draft' : p.proposalStatus})`,
                  p.proposalLink ? h('span', { class: 'hint' }, ` ${p.proposalLink}`) : null,
                  ' ',
                  h('button', { type: 'button', class: 'link', onclick: () => ctx.showDeliveries({ subject: `project:${p.projectId}` }) }, 'deliveries'),
                ),
              ),
            ),
      );
    } catch (e) {
      replace(cell, e instanceof ApiError && e.status === 404 ? UNAVAILABLE : `Could not load projects: ${e instanceof Error ? e.message : e}`);
    }
  }

  function start() {
    if (timer !== 0) return;
    timer = window.setInterval(() => {
      if (!document.hidden) void load();
    }, WORLD_POLL_MS);
  }
  function stop() {
    if (timer !== 0) window.clearInterval(timer);
    timer = 0;
    live.dataset.connected = 'false';
    live.textContent = 'not following';
  }

  refresh.addEventListener('click', () => void load());
  accountSelect.addEventListener('change', () => void load(true));
  document.addEventListener('tabchange', (e) => {
    if (/** @type {CustomEvent} */ (e).detail !== 'world') return stop();
    start();
    void load(rows.size === 0);
  });
}
