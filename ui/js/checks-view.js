// @ts-check
import { call, ApiError, problemPaths } from './api.js';
import { urlOf } from './contract.js';
import { field, h, replace } from './dom.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/**
 * @typedef {{ action: string, method: string, status: number }} Callback
 * @typedef {{ id: string, title: string, source?: string, state: string, reason?: string, note?: string, deliveries: string[], callbacks: Callback[], durationMs?: number }} CheckCase
 * @typedef {{ id: string, state: string, forwardTo?: string, timeoutMs?: number, cases: CheckCase[], summary: { passed: number, failed: number, skipped: number } }} CheckReport
 */

/** How often a running check is asked for its report. */
const POLL_MS = 500;

/** `a, b ,,c` -> `['a', 'b', 'c']`, or undefined when empty. @param {string} text */
function list(text) {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/**
 * The receiver check (docs/check.md): a form that starts one, and its report filling in case by
 * case while it runs (polled every 500 ms while this tab is shown), with each case's deliveries
 * opening in the Deliveries view and a link to the JUnit XML.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createChecksView(panel, ctx) {
  const forwardInput = h('input', { type: 'url', name: 'forwardTo', required: true, autocomplete: 'off', placeholder: 'http://127.0.0.1:3000/webhooks/solarproof/{type}' });
  const typesInput = h('input', { type: 'text', name: 'types', autocomplete: 'off', placeholder: 'all seven' });
  const versionsInput = h('input', { type: 'text', name: 'versions', autocomplete: 'off', placeholder: 'v1, v2' });
  const seedInput = h('input', { type: 'number', name: 'seed', min: '0', step: '1', placeholder: '1' });
  const timeoutInput = h('input', { type: 'number', name: 'timeoutMs', min: '50', step: '1', placeholder: '5000' });
  const fields = {
    forwardTo: field('Receiver URL', forwardInput, '{type} becomes the event type (one URL per type)'),
    types: field('Types (optional)', typesInput, `comma list: ${ctx.allTypes().join(', ')}`),
    versions: field('Versions (optional)', versionsInput, 'comma list'),
    seed: field('Seed (optional)', seedInput),
    timeoutMs: field('Deadline ms (optional)', timeoutInput, "Solar Proof's is 5000"),
  };
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const startButton = h('button', { type: 'submit' }, 'Start check');
  const form = h(
    'form',
    { class: 'card check-form', 'aria-label': 'Check a receiver', novalidate: true },
    h('div', { class: 'grid' }, Object.values(fields).map((f) => f.el), h('div', { class: 'field actions' }, startButton)),
    formError,
  );
  const reportView = h('div', { class: 'check-report', 'aria-live': 'polite' });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const f of Object.values(fields)) f.error(undefined);
    formError.hidden = true;
    const forwardTo = forwardInput.value.trim();
    if (forwardTo === '') return fields.forwardTo.error('Enter the receiver URL.');
    /** @type {Record<string, unknown>} */
    const body = { forwardTo };
    const types = list(typesInput.value);
    if (types) body.types = types;
    const versions = list(versionsInput.value);
    if (versions) body.versions = versions;
    for (const [key, input] of /** @type {const} */ ([['seed', seedInput], ['timeoutMs', timeoutInput]])) {
      const raw = input.value.trim();
      if (raw === '') continue;
      const n = Number(raw);
      if (!Number.isInteger(n)) return fields[key].error('Enter a whole number.');
      body[key] = n;
    }
    startButton.disabled = true;
    try {
      /** @type {{ id: string, state: string }} */
      const started = await call('startCheck', { body });
      watching = started.id;
      draw({ id: started.id, state: 'running', cases: [], summary: { passed: 0, failed: 0, skipped: 0 } });
      void poll(started.id);
    } catch (err) {
      const problems = err instanceof ApiError && err.problems.length > 0 ? problemPaths(err.problems) : [['', err instanceof Error ? err.message : String(err)]];
      /** @type {string[]} */
      const rest = [];
      for (const [path, message] of problems) {
        const key = /** @type {keyof typeof fields} */ (path.split('.')[0] ?? '');
        if (fields[key]) fields[key].error(message);
        else rest.push(path ? `${path}: ${message}` : message);
      }
      if (rest.length > 0) {
        formError.textContent = rest.join('\n');
        formError.hidden = false;
      }
    } finally {
      startButton.disabled = false;
    }
  });

  /** The check being followed, and whether this tab is shown (polling stops when it is not). */
  /** @type {string | undefined} */
  let watching;
  let shown = false;
  let polling = false;

  /** Follows the check until it ends, another is started, or the tab is left. @param {string} id */
  async function poll(id) {
    if (polling) return;
    polling = true;
    try {
      while (watching === id && shown) {
        try {
          /** @type {CheckReport} */
          const report = await call('getCheck', { params: { id } });
          if (watching !== id) return;
          draw(report);
          if (report.state !== 'running') {
            watching = undefined;
            return;
          }
        } catch (e) {
          if (watching === id) replace(reportView, h('p', { class: 'form-error' }, `Could not load check ${id}: ${e instanceof Error ? e.message : e}`));
          watching = undefined;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      polling = false;
      // Another check started while this loop slept: follow that one.
      if (watching !== undefined && watching !== id && shown) void poll(watching);
    }
  }

  /** @param {CheckReport} report */
  function draw(report) {
    const s = report.summary;
    replace(
      reportView,
      h(
        'div',
        { class: 'card', 'data-check': report.id, 'data-state': report.state },
        h('h3', {}, `Check ${report.id}: `, h('span', { class: `state check-state state-${report.state}` }, report.state)),
        report.forwardTo ? h('p', { class: 'hint mono' }, report.forwardTo) : null,
        h('p', { class: 'check-summary' }, `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${report.state === 'running' ? ` (running, ${report.cases.length} cases so far)` : ''}`),
        h('a', { class: 'junit', href: urlOf('getCheckJunit', { params: { id: report.id } }), download: `${report.id}.xml` }, 'JUnit XML'),
        h(
          'table',
          { class: 'check-cases', 'aria-label': `Cases of ${report.id}` },
          h('thead', {}, h('tr', {}, ['State', 'Case', 'Reason / note', 'Deliveries'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, report.cases.map(caseRow)),
        ),
      ),
    );
  }

  /** @param {CheckCase} c */
  function caseRow(c) {
    return h(
      'tr',
      { class: 'check-case', 'data-case': c.id, 'data-state': c.state },
      h('td', {}, h('span', { class: `state state-${c.state}` }, c.state)),
      h('td', {}, h('code', { class: 'case-id' }, c.id), h('div', { class: 'case-title' }, c.title)),
      h(
        'td',
        {},
        c.reason ? h('p', { class: 'case-reason' }, c.reason) : null,
        c.note ? h('p', { class: 'case-note hint' }, `Note: ${c.note}`) : null,
        c.callbacks.length > 0 ? h('p', { class: 'case-callbacks hint' }, `Callbacks: ${c.callbacks.map((b) => `${b.action} (${b.status})`).join(', ')}`) : null,
      ),
      h(
        'td',
        { class: 'case-deliveries' },
        c.deliveries.map((id) =>
          h('button', { type: 'button', class: 'link delivery-link', 'data-delivery': id, title: `Show ${id} in Deliveries`, onclick: () => ctx.showDeliveries({ subject: id }, id) }, id),
        ),
      ),
    );
  }

  document.addEventListener('tabchange', (e) => {
    shown = /** @type {CustomEvent} */ (e).detail === 'checks';
    if (shown && watching !== undefined) void poll(watching);
  });

  replace(panel, h('h2', {}, 'Check a receiver'), h('p', { class: 'hint' }, 'Sends the receiver a battery of cases built from Solar Proof\'s rules (docs/check.md); each case\'s deliveries are in the Deliveries view.'), form, reportView);
}
