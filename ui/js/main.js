// @ts-check
import { api, call, setTokenAsker } from './api.js';
import { h, replace } from './dom.js';
import { createChecksView } from './checks-view.js';
import { createDeliveriesView, STATES } from './deliveries-view.js';
import { createFaultsView } from './faults-view.js';
import { createSchedulesView } from './schedules-view.js';
import { createSubscriptionsView } from './subscriptions-view.js';
import { createTriggerView } from './trigger-view.js';
import { createWorldView } from './world-view.js';

/**
 * What every view gets: the emulator's configuration and catalogue as loaded at start, and a
 * few page-wide actions.
 * @typedef {{
 *   config: Record<string, any>,
 *   eventTypes: Array<{ type: string, description: string, payloadVersion: string, shape: string, schema: any, example: unknown, inferred?: boolean }>,
 *   payloadVersion: string,
 *   accounts: Array<{ apiKey: string, companyName?: string }>,
 *   allTypes(): string[],
 *   notify(message: string, kind?: 'info' | 'error'): void,
 *   showDeliveries(filter: Record<string, string>, expandId?: string): void,
 *   deliveryChanged(): void,
 *   confirm(message: string, action: string): Promise<boolean>,
 *   reloadConfig(): Promise<void>,
 * }} Ctx
 */

const TABS = [
  ['deliveries', 'Deliveries'],
  ['trigger', 'Trigger'],
  ['subscriptions', 'Subscriptions'],
  ['faults', 'Faults & latency'],
  ['schedules', 'Schedules & scenarios'],
  ['world', 'World'],
  ['checks', 'Checks'],
];

/** Every type any payload version has, so the filter can name types of either version. */
const ALL_TYPES = ['customer_created', 'customer_status_change', 'project_email_sent', 'project_sms_sent', 'published_proposal_link', 'contract_signed', 'recent_draft_project'];

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

function notify(/** @type {string} */ message, kind = 'info') {
  const el = $('notice');
  el.textContent = message;
  el.dataset.kind = kind;
  el.hidden = false;
}

/** The token form: shown on the first 401, resolves with what the user typed. */
function askTokenWithForm(/** @type {boolean} */ refused) {
  const dialog = /** @type {HTMLDialogElement} */ ($('token-dialog'));
  const form = /** @type {HTMLFormElement} */ ($('token-form'));
  const input = /** @type {HTMLInputElement} */ ($('token-input'));
  const error = $('token-error');
  error.textContent = refused ? 'That token was refused. Check --admin-token / SPMOCK_ADMIN_TOKEN and try again.' : '';
  error.hidden = !refused;
  input.value = '';
  return new Promise((resolve) => {
    const submit = (/** @type {Event} */ e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (token === '') {
        error.textContent = 'Enter the admin token.';
        error.hidden = false;
        input.focus();
        return;
      }
      form.removeEventListener('submit', submit);
      dialog.close();
      resolve(token);
    };
    form.addEventListener('submit', submit);
    // Escape would leave the page with nothing to show: keep the form until a token is given.
    dialog.addEventListener('cancel', (e) => e.preventDefault(), { once: true });
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
}

/** A yes/no question in a dialog (window.confirm blocks the page and cannot be styled). */
function confirmWithDialog(/** @type {string} */ message, /** @type {string} */ action) {
  const dialog = /** @type {HTMLDialogElement} */ ($('confirm-dialog'));
  $('confirm-message').textContent = message;
  const yes = /** @type {HTMLButtonElement} */ ($('confirm-yes'));
  const no = /** @type {HTMLButtonElement} */ ($('confirm-no'));
  yes.textContent = action;
  return new Promise((resolve) => {
    const done = (/** @type {boolean} */ answer) => {
      yes.onclick = null;
      no.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    yes.onclick = () => done(true);
    no.onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
    no.focus();
  });
}

function setUpTabs() {
  const list = $('tabs');
  const buttons = TABS.map(([id, label]) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'aria-selected': 'false', tabindex: '-1', 'data-tab': id }, label),
  );
  replace(list, buttons);
  const select = (/** @type {string} */ id, focus = false) => {
    for (const b of buttons) {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
      $(`panel-${b.dataset.tab}`).hidden = !on;
    }
    document.dispatchEvent(new CustomEvent('tabchange', { detail: id }));
  };
  list.addEventListener('click', (e) => {
    const b = /** @type {HTMLElement} */ (e.target).closest('[role=tab]');
    if (b instanceof HTMLElement && b.dataset.tab) select(b.dataset.tab);
  });
  list.addEventListener('keydown', (e) => {
    const i = buttons.findIndex((b) => b === document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const b = buttons[(next + buttons.length) % buttons.length];
    if (b?.dataset.tab) select(b.dataset.tab, true);
  });
  const initial = location.hash.replace('#', '');
  select(TABS.some(([id]) => id === initial) ? initial : 'deliveries');
  return select;
}

/** @param {number} seconds */
function duration(seconds) {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d}d ${hms}` : hms;
}

async function start() {
  setTokenAsker(askTokenWithForm);
  const selectTab = setUpTabs();
  const [health, config, catalogue] = await Promise.all([call('health'), call('getConfig'), call('eventTypes')]);

  $('fact-version').textContent = String(health.version ?? '?');
  $('fact-seed').textContent = String(config.seed ?? '?');
  $('fact-payload').textContent = String(config.payloadVersion ?? catalogue.payloadVersion ?? '?');
  // Uptime: from health when the emulator reports it there, else from the dashboard's own status.
  const loadedAt = Date.now();
  const status = await api('/_emulator/ui/status.json').catch(() => ({}));
  const startedAt =
    typeof health.startedAt === 'string' ? Date.parse(health.startedAt)
    : typeof health.uptimeMs === 'number' ? loadedAt - health.uptimeMs
    : typeof health.uptimeSeconds === 'number' ? loadedAt - health.uptimeSeconds * 1000
    : typeof status.startedAt === 'string' ? Date.parse(status.startedAt)
    : undefined;
  const uptime = $('fact-uptime');
  if (startedAt === undefined || Number.isNaN(startedAt)) {
    uptime.textContent = 'not reported';
    uptime.title = 'This emulator does not report when it started.';
  } else {
    const tick = () => (uptime.textContent = duration((Date.now() - startedAt) / 1000));
    tick();
    setInterval(tick, 1000);
  }

  /** @type {Ctx} */
  const ctx = {
    config,
    eventTypes: catalogue.eventTypes,
    payloadVersion: catalogue.payloadVersion,
    accounts: config.accounts ?? [],
    allTypes: () => [...new Set([...catalogue.eventTypes.map((/** @type {{type: string}} */ t) => t.type), ...ALL_TYPES])],
    notify,
    showDeliveries(filter, expandId) {
      deliveries.setFilter(filter);
      if (expandId) deliveries.expand(expandId);
      selectTab('deliveries');
    },
    deliveryChanged: () => scheduleStats(),
    confirm: confirmWithDialog,
    async reloadConfig() {
      ctx.config = await call('getConfig');
    },
  };

  const deliveries = createDeliveriesView($('panel-deliveries'), ctx);
  createTriggerView($('panel-trigger'), ctx);
  createSubscriptionsView($('panel-subscriptions'), ctx);
  const faults = createFaultsView($('panel-faults'), ctx);
  createSchedulesView($('panel-schedules'), ctx);
  createWorldView($('panel-world'), ctx);
  createChecksView($('panel-checks'), ctx);
  // The views listen for tabchange; tell them which tab is open now that they exist.
  const open = document.querySelector('[role=tab][aria-selected=true]');
  if (open instanceof HTMLElement && open.dataset.tab) selectTab(open.dataset.tab);

  // Counts per state: refreshed on each stream change, at most every 500 ms.
  const statsEl = $('stats');
  let statsTimer = 0;
  let statsDue = false;
  const refreshStats = async () => {
    try {
      const stats = await call('stats');
      replace(
        statsEl,
        STATES.map((s) =>
          h(
            'button',
            { type: 'button', class: `count state-${s}`, 'data-state': s, title: `Show ${s} deliveries`, onclick: () => ctx.showDeliveries({ state: s }) },
            h('span', { class: 'count-n' }, String(stats[s] ?? 0)),
            ` ${s}`,
          ),
        ),
        h('span', { class: 'count-total' }, `${stats.total ?? 0} total, ${stats.inFlight ?? 0} in flight`),
      );
    } catch (e) {
      notify(`Could not load stats: ${e instanceof Error ? e.message : e}`, 'error');
    }
  };
  const scheduleStats = () => {
    if (statsTimer) {
      statsDue = true;
      return;
    }
    void refreshStats();
    statsTimer = window.setTimeout(() => {
      statsTimer = 0;
      if (statsDue) {
        statsDue = false;
        scheduleStats();
      }
    }, 500);
  };
  scheduleStats();

  $('reset-button').addEventListener('click', async () => {
    const yes = await ctx.confirm('Reset the emulator? Subscriptions made since start, the delivery journal, schedules and the world go back to the start state (same seed).', 'Reset');
    if (!yes) return;
    try {
      await call('reset');
      await ctx.reloadConfig();
      await deliveries.reload();
      faults.reload();
      scheduleStats();
      notify('Reset: back to the start state.');
    } catch (e) {
      notify(`Reset failed: ${e instanceof Error ? e.message : e}`, 'error');
    }
  });
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  notify(`The dashboard could not start: ${e instanceof Error ? e.message : e}`, 'error');
});
