// @ts-check
import { call, apidata } from './api.js';
import { field, h, replace, select, time } from './dom.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/** @typedef {{ id: string, apiKey: string, hookUrl: string, type: string, createdAt: string }} Subscription */

/**
 * Subscriptions per account, added and removed through apidata.php as an app would, so the page
 * shows Solar Proof's own messages.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createSubscriptionsView(panel, ctx) {
  const accountSelect = select(ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.companyName ? `${a.apiKey} (${a.companyName})` : a.apiKey])), { name: 'apiKey' });
  const hookInput = h('input', { type: 'url', name: 'hookUrl', placeholder: 'http://127.0.0.1:3000/hooks/solarproof', required: true, autocomplete: 'off' });
  const typeSelect = select(ctx.eventTypes.map((t) => /** @type {[string, string]} */ ([t.type, t.type])), { name: 'type_request' });
  const hookField = field('Hook URL', hookInput);
  const typeField = field('Event type', typeSelect);
  const message = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const list = h('div');
  const submit = h('button', { type: 'submit' }, 'Subscribe');

  const form = h('form', { class: 'card', 'aria-label': 'Add a subscription', novalidate: true }, h('div', { class: 'grid' }, hookField.el, typeField.el, h('div', { class: 'field actions' }, submit)), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    hookField.error(undefined);
    typeField.error(undefined);
    const hookUrl = hookInput.value.trim();
    if (hookUrl === '') return hookField.error('Enter the URL the events should be sent to.');
    submit.disabled = true;
    try {
      const res = await apidata('subscribe_customer', accountSelect.value, { hookUrl, type_request: typeSelect.value });
      message.textContent = `Solar Proof answered ${res.status}: ${res.message}`;
      if (!res.ok) (/type/i.test(res.message) ? typeField : hookField).error(res.message);
      await load();
    } catch (err) {
      message.textContent = String(err);
    } finally {
      submit.disabled = false;
    }
  });

  async function load() {
    try {
      /** @type {{ subscriptions: Subscription[] }} */
      const res = await call('listSubscriptions', { query: { apiKey: accountSelect.value } });
      if (res.subscriptions.length === 0) {
        replace(list, h('p', { class: 'empty' }, 'No subscriptions in this account.'));
        return;
      }
      replace(
        list,
        h(
          'table',
          { class: 'subscriptions', 'aria-label': 'Subscriptions' },
          h('thead', {}, h('tr', {}, ['Id', 'Type', 'Hook URL', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            res.subscriptions.map((s) =>
              h(
                'tr',
                { 'data-subscription-id': s.id },
                h('td', {}, s.id),
                h('td', {}, s.type),
                h('td', { class: 'hook', title: s.hookUrl }, s.hookUrl),
                h('td', {}, time(s.createdAt)),
                h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Unsubscribe ${s.hookUrl}`, onclick: () => void remove(s) }, 'Unsubscribe URL')),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      replace(list, h('p', { class: 'form-error' }, `Could not load subscriptions: ${e instanceof Error ? e.message : e}`));
    }
  }

  /** Solar Proof unsubscribes by hook URL: every type subscribed with it goes. @param {Subscription} s */
  async function remove(s) {
    const yes = await ctx.confirm(`Unsubscribe ${s.hookUrl}? Solar Proof removes every event type subscribed with this hook URL in this account.`, 'Unsubscribe');
    if (!yes) return;
    const res = await apidata('unsubscribe_customer', s.apiKey, { hookUrl: s.hookUrl });
    message.textContent = `Solar Proof answered ${res.status}: ${res.message}`;
    await load();
  }

  accountSelect.addEventListener('change', () => void load());
  document.addEventListener('tabchange', (e) => {
    if (/** @type {CustomEvent} */ (e).detail === 'subscriptions') void load();
  });
  replace(panel, h('h2', {}, 'Subscriptions'), h('div', { class: 'filters' }, field('Account', accountSelect).el), form, list);
}
