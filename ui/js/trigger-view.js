// @ts-check
import { call, ApiError } from './api.js';
import { field, h, replace, select } from './dom.js';
import { checkOverrides, itemSchemaOf } from './schema-check.js';
import { loadCustomers } from './world-view.js';

/** @typedef {import('./main.js').Ctx} Ctx */

/**
 * Trigger events: a form per event type of the current payload version (the type picks the
 * schema the overrides are checked against), subject, count, account, overrides.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createTriggerView(panel, ctx) {
  const types = ctx.eventTypes;
  const typeSelect = select(types.map((t) => /** @type {[string, string]} */ ([t.type, `${t.type} (${t.payloadVersion})`])), { name: 'type' });
  const accountSelect = select(ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.companyName ? `${a.apiKey} (${a.companyName})` : a.apiKey])), { name: 'apiKey' });
  const subjectSelect = select(
    [
      ['new', 'A new customer'],
      ['customer', 'An existing customer'],
      ['project', 'An existing project'],
      ['any', "Let the world pick (the type's default)"],
    ],
    { name: 'subject' },
  );
  const customerList = h('datalist', { id: 'trigger-customers' });
  const projectList = h('datalist', { id: 'trigger-projects' });
  const customerInput = h('input', { type: 'number', name: 'customerId', min: '1', step: '1', list: 'trigger-customers', inputmode: 'numeric' });
  const projectInput = h('input', { type: 'number', name: 'projectId', min: '1', step: '1', list: 'trigger-projects', inputmode: 'numeric' });
  const countInput = h('input', { type: 'number', name: 'count', min: '1', max: '1000', step: '1', value: '1', required: true });
  const overridesInput = h('textarea', { name: 'overrides', rows: '8', spellcheck: 'false', placeholder: '{"customer_email": "test@example.com"}' });
  const description = h('p', { class: 'description' });
  const fieldsList = h('p', { class: 'hint fields' });
  const result = h('div', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });

  const typeField = field('Event type', typeSelect);
  const accountField = field('Account', accountSelect);
  const subjectField = field('Subject', subjectSelect);
  const customerField = field('Customer id', customerInput, 'From the World tab or an earlier payload');
  const projectField = field('Project id', projectInput, 'From the World tab or an earlier payload');
  const countField = field('Count', countInput, '1 to 1000 events');
  const overridesField = field('Overrides (JSON)', overridesInput, 'Payload fields to set, checked against the type\'s JSON Schema');
  const allFields = [typeField, accountField, subjectField, customerField, projectField, countField, overridesField];

  const exampleButton = h('button', { type: 'button', class: 'secondary' }, 'Fill with example fields');
  const submit = h('button', { type: 'submit' }, 'Trigger');

  const current = () => types.find((t) => t.type === typeSelect.value) ?? types[0];
  const onType = () => {
    const t = current();
    if (!t) return;
    description.textContent = `${t.description}${t.inferred ? ' (payload shape inferred: Solar Proof does not document it)' : ''}`;
    const schema = itemSchemaOf(t);
    const props = typeof schema === 'object' && schema.properties ? Object.keys(schema.properties) : [];
    fieldsList.textContent = props.length > 0 ? `Fields: ${props.join(', ')}` : '';
    overridesField.error(undefined);
  };
  const onSubject = () => {
    customerField.el.hidden = subjectSelect.value !== 'customer';
    projectField.el.hidden = subjectSelect.value !== 'project';
  };
  typeSelect.addEventListener('change', onType);
  subjectSelect.addEventListener('change', onSubject);
  accountSelect.addEventListener('change', () => void fillWorld());
  exampleButton.addEventListener('click', () => {
    const t = current();
    if (!t) return;
    const example = Array.isArray(t.example) ? t.example[0] : t.example;
    overridesInput.value = JSON.stringify(example ?? {}, null, 2);
  });

  /** Existing customers and projects, from the world when this emulator has the world routes. */
  async function fillWorld() {
    const customers = await loadCustomers(accountSelect.value);
    replace(
      customerList,
      (customers ?? []).map((c) => h('option', { value: String(c.customerId) }, `${c.name} (${c.email})`)),
    );
    replace(
      projectList,
      (customers ?? []).flatMap((c) => (c.projectIds ?? []).map((/** @type {number} */ p) => h('option', { value: String(p) }, `project of ${c.name}`))),
    );
  }
  document.addEventListener('tabchange', (e) => {
    if (/** @type {CustomEvent} */ (e).detail === 'trigger') void fillWorld();
  });

  const form = h(
    'form',
    { class: 'card trigger-form', 'aria-label': 'Trigger events', novalidate: true },
    h('div', { class: 'grid' }, typeField.el, accountField.el, subjectField.el, customerField.el, projectField.el, countField.el),
    description,
    overridesField.el,
    fieldsList,
    h('div', { class: 'row-actions' }, submit, exampleButton),
    formError,
    customerList,
    projectList,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });

  async function send() {
    for (const f of allFields) f.error(undefined);
    formError.hidden = true;
    const t = current();
    if (!t) return;
    /** @type {Record<string, unknown>} */
    const body = { type: t.type, apiKey: accountSelect.value };
    const count = Number(countInput.value);
    if (!Number.isInteger(count) || count < 1 || count > 1000) return countField.error('count must be a whole number from 1 to 1000.');
    if (count !== 1) body.count = count;
    if (subjectSelect.value === 'new') body.subject = { newCustomer: true };
    if (subjectSelect.value === 'customer') {
      const id = Number(customerInput.value);
      if (!Number.isInteger(id) || id < 1) return customerField.error('Give the id of an existing customer (a whole number).');
      body.subject = { customerId: id };
    }
    if (subjectSelect.value === 'project') {
      const id = Number(projectInput.value);
      if (!Number.isInteger(id) || id < 1) return projectField.error('Give the id of an existing project (a whole number).');
      body.subject = { projectId: id };
    }
    const text = overridesInput.value.trim();
    if (text !== '') {
      /** @type {unknown} */
      let overrides;
      try {
        overrides = JSON.parse(text);
      } catch (err) {
        return overridesField.error(`Not valid JSON: ${err instanceof Error ? err.message : err}`);
      }
      const problems = checkOverrides(overrides, itemSchemaOf(t));
      if (problems.length > 0) {
        return overridesField.error(problems.map((p) => p.message).join('\n'));
      }
      body.overrides = overrides;
    }
    submit.disabled = true;
    try {
      /** @type {{ events: Array<{ id: string, type: string }>, deliveries: string[] }} */
      const res = await call('trigger', { body });
      showResult(res);
    } catch (err) {
      showError(err);
    } finally {
      submit.disabled = false;
    }
  }

  /** @param {{ events: Array<{ id: string, type: string }>, deliveries: string[] }} res */
  function showResult(res) {
    const ids = res.events.map((e) => e.id);
    const first = ids[0] ?? '';
    replace(
      result,
      h('p', {}, `Triggered ${ids.length === 1 ? first : `${ids.length} events (${first} ... ${ids[ids.length - 1]})`}: ${res.deliveries.length} ${res.deliveries.length === 1 ? 'delivery' : 'deliveries'}.`),
      res.deliveries.length === 0
        ? h('p', { class: 'hint' }, 'No subscription listens to this type in this account: add one in the Subscriptions tab.')
        : h('button', { type: 'button', class: 'secondary', onclick: () => ctx.showDeliveries(ids.length === 1 ? { subject: first } : { type: res.events[0]?.type ?? '' }, res.deliveries.length === 1 ? res.deliveries[0] : undefined) }, 'Show in Deliveries'),
    );
  }

  /** The emulator's problem+json, shown at the field it names. @param {unknown} err */
  function showError(err) {
    if (!(err instanceof ApiError)) {
      formError.textContent = String(err);
      formError.hidden = false;
      return;
    }
    const code = err.problem?.code;
    if (err.field !== undefined || code === 'INVALID_OVERRIDE') return overridesField.error(err.field && err.field !== '(root)' ? `${err.field}: ${err.message}` : err.message);
    if (code === 'INVALID_COUNT') return countField.error(err.message);
    if (code === 'UNKNOWN_API_KEY') return accountField.error(err.message);
    if (code === 'UNKNOWN_EVENT_TYPE') return typeField.error(err.message);
    if (code === 'INVALID_SUBJECT' || code === 'UNKNOWN_SUBJECT') {
      const target = subjectSelect.value === 'customer' ? customerField : subjectSelect.value === 'project' ? projectField : subjectField;
      return target.error(err.message);
    }
    formError.textContent = err.message;
    formError.hidden = false;
  }

  replace(panel, h('h2', {}, `Trigger events (payload version ${ctx.payloadVersion})`), form, result);
  onType();
  onSubject();
}
