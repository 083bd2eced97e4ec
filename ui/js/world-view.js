// @ts-check
import { call, ApiError } from './api.js';
import { field, h, replace, select } from './dom.js';

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

/**
 * Customers and projects of each account, each with a link to the deliveries about it.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createWorldView(panel, ctx) {
  const accountSelect = select(ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.apiKey])), { name: 'apiKey' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const body = h('div', { class: 'world' });
  replace(panel, h('h2', {}, 'World'), h('div', { class: 'filters' }, field('Account', accountSelect).el, h('div', { class: 'field actions' }, refresh)), body);

  async function load() {
    replace(body, h('p', { class: 'empty' }, 'Loading...'));
    let customers;
    try {
      customers = await loadCustomers(accountSelect.value);
    } catch (e) {
      replace(body, h('p', { class: 'form-error' }, `Could not load the world: ${e instanceof Error ? e.message : e}`));
      return;
    }
    if (customers === undefined) {
      replace(body, h('p', { class: 'empty unavailable' }, UNAVAILABLE));
      return;
    }
    if (customers.length === 0) {
      replace(body, h('p', { class: 'empty' }, 'No customers in this account yet: trigger customer_created.'));
      return;
    }
    const rows = customers.map((c) => {
      const projects = h('td', { class: 'projects' });
      const showProjects = h('button', { type: 'button', class: 'link' }, `${c.projectIds?.length ?? 0} project(s)`);
      showProjects.addEventListener('click', () => void loadProjects(c, projects));
      replace(projects, showProjects);
      return h(
        'tr',
        { 'data-customer-id': String(c.customerId) },
        h('td', {}, String(c.customerId)),
        h('td', {}, c.name),
        h('td', {}, c.email),
        h('td', {}, c.type),
        h('td', {}, c.status),
        h('td', {}, c.createdAt),
        projects,
        h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.showDeliveries({ subject: `customer:${c.customerId}` }) }, 'Deliveries')),
      );
    });
    replace(
      body,
      h(
        'table',
        { class: 'world-table', 'aria-label': 'Customers' },
        h('thead', {}, h('tr', {}, ['Customer', 'Name', 'Email', 'Type', 'Status', 'Created', 'Projects', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows),
      ),
    );
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

  refresh.addEventListener('click', () => void load());
  accountSelect.addEventListener('change', () => void load());
  document.addEventListener('tabchange', (e) => {
    if (/** @type {CustomEvent} */ (e).detail === 'world') void load();
  });
}
