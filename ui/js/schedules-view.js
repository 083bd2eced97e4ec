// @ts-check
import { call, ApiError, problemPaths } from './api.js';
import { field, h, replace, select, time } from './dom.js';

/** @typedef {import('./main.js').Ctx} Ctx */

/**
 * Schedules (start, list, stop) and scenarios (list, run, watch the run's steps and events).
 * Lists refresh every 2 s while this tab is shown.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createSchedulesView(panel, ctx) {
  // Start a schedule.
  const typeSelect = select(ctx.eventTypes.map((t) => /** @type {[string, string]} */ ([t.type, t.type])), { name: 'type' });
  const modeSelect = select(
    [
      ['everyMs', 'Every (ms)'],
      ['ratePerMinute', 'Rate per minute'],
      ['cron', 'Cron expression'],
    ],
    { name: 'mode' },
  );
  const valueInput = h('input', { type: 'text', name: 'every', value: '5000', autocomplete: 'off' });
  const countInput = h('input', { type: 'number', name: 'count', min: '1', step: '1', placeholder: 'no limit' });
  const accountSelect = select(ctx.accounts.map((a) => /** @type {[string, string]} */ ([a.apiKey, a.apiKey])), { name: 'apiKey' });
  const typeField = field('Event type', typeSelect);
  const modeField = field('Timing', modeSelect);
  const valueField = field('Value', valueInput, 'ms (at least 100), events per minute, or a cron expression');
  const countField = field('Count (optional)', countInput);
  const accountField = field('Account', accountSelect);
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const start = h('button', { type: 'submit' }, 'Start schedule');
  const form = h(
    'form',
    { class: 'card', 'aria-label': 'Start a schedule', novalidate: true },
    h('div', { class: 'grid' }, typeField.el, modeField.el, valueField.el, countField.el, accountField.el, h('div', { class: 'field actions' }, start)),
    formError,
  );
  const scheduleList = h('div', { class: 'schedule-list' });
  const scenarioList = h('div', { class: 'scenario-list' });
  const runView = h('div', { class: 'run', 'aria-live': 'polite' });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const f of [typeField, modeField, valueField, countField, accountField]) f.error(undefined);
    formError.hidden = true;
    const mode = modeSelect.value;
    const raw = valueInput.value.trim();
    /** @type {Record<string, unknown>} */
    const body = { type: typeSelect.value, apiKey: accountSelect.value };
    if (mode === 'cron') body.cron = raw;
    else {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) return valueField.error('Enter a number.');
      body[mode] = n;
    }
    if (countInput.value.trim() !== '') body.count = Number(countInput.value);
    start.disabled = true;
    try {
      await call('createSchedule', { body });
      await loadSchedules();
    } catch (err) {
      const problems = err instanceof ApiError && err.problems.length > 0 ? problemPaths(err.problems) : [['', err instanceof Error ? err.message : String(err)]];
      /** @type {string[]} */
      const rest = [];
      for (const [path, message] of problems) {
        const target = { type: typeField, everyMs: valueField, ratePerMinute: valueField, cron: valueField, count: countField, apiKey: accountField }[path.split('.')[0] ?? ''];
        if (target) target.error(message);
        else rest.push(path ? `${path}: ${message}` : message);
      }
      if (rest.length > 0) {
        formError.textContent = rest.join('\n');
        formError.hidden = false;
      }
    } finally {
      start.disabled = false;
    }
  });

  async function loadSchedules() {
    try {
      /** @type {{ schedules: Array<Record<string, any>> }} */
      const res = await call('listSchedules');
      if (res.schedules.length === 0) {
        replace(scheduleList, h('p', { class: 'empty' }, 'No schedules.'));
        return;
      }
      replace(
        scheduleList,
        h(
          'table',
          { 'aria-label': 'Schedules' },
          h('thead', {}, h('tr', {}, ['Id', 'Spec', 'State', 'Emitted', 'Deliveries', 'Next run', 'Errors', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            res.schedules.map((s) =>
              h(
                'tr',
                { 'data-schedule-id': String(s.id) },
                h('td', {}, String(s.id)),
                h('td', { class: 'mono' }, JSON.stringify(s.spec)),
                h('td', {}, String(s.state)),
                h('td', {}, String(s.emitted ?? 0)),
                h('td', {}, String(s.deliveries ?? 0)),
                h('td', {}, s.nextRunAt ? time(s.nextRunAt) : ''),
                h('td', { title: s.lastError ? String(s.lastError) : undefined }, String(s.errors ?? 0)),
                h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Stop ${s.id}`, onclick: () => void stop(String(s.id)) }, 'Stop')),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      replace(scheduleList, h('p', { class: 'form-error' }, `Could not load schedules: ${e instanceof Error ? e.message : e}`));
    }
  }

  /** @param {string} id */
  async function stop(id) {
    try {
      await call('deleteSchedule', { params: { id } });
    } catch (e) {
      ctx.notify(`Could not stop ${id}: ${e instanceof Error ? e.message : e}`, 'error');
    }
    await loadSchedules();
  }

  async function loadScenarios() {
    try {
      /** @type {{ scenarios: Array<{ name: string, description: string, source: string, steps: number, types: string[] }> }} */
      const res = await call('listScenarios');
      replace(
        scenarioList,
        h(
          'ul',
          { class: 'scenarios' },
          res.scenarios.map((s) =>
            h(
              'li',
              { class: 'card scenario', 'data-scenario': s.name },
              h('div', { class: 'scenario-head' }, h('strong', {}, s.name), h('span', { class: 'hint' }, ` ${s.steps} steps, ${s.source}`), h('button', { type: 'button', 'aria-label': `Run ${s.name}`, onclick: () => void run(s.name) }, 'Run')),
              h('p', { class: 'description' }, s.description),
            ),
          ),
        ),
      );
    } catch (e) {
      replace(scenarioList, h('p', { class: 'form-error' }, `Could not load scenarios: ${e instanceof Error ? e.message : e}`));
    }
  }

  /** @type {string | undefined} */
  let watching;
  /** @param {string} name */
  async function run(name) {
    try {
      const view = await call('runScenario', { params: { name }, body: { wait: false } });
      watching = view.id;
      drawRun(view);
      void watch(view.id);
    } catch (e) {
      replace(runView, h('p', { class: 'form-error' }, `Could not run ${name}: ${e instanceof Error ? e.message : e}`));
    }
  }

  /** Follows the run until it ends (or another run is watched). @param {string} id */
  async function watch(id) {
    while (watching === id) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (watching !== id) return;
      try {
        const view = await call('getScenarioRun', { params: { id } });
        drawRun(view);
        if (view.state !== 'running') return;
      } catch {
        return;
      }
    }
  }

  /** @param {Record<string, any>} view */
  function drawRun(view) {
    replace(
      runView,
      h(
        'div',
        { class: 'card', 'data-run': String(view.id) },
        h('h3', {}, `${view.scenario} (${view.id}): ${view.state}`),
        h('p', { class: 'hint' }, `Customer ${view.customerId ?? '?'}${view.projectIds?.length ? `, projects ${view.projectIds.join(', ')}` : ''}; ${view.deliveries?.length ?? 0} deliveries so far.`),
        h(
          'ol',
          { class: 'steps' },
          (view.steps ?? []).map((/** @type {Record<string, any>} */ s) => h('li', { class: `step step-${s.state}` }, `${s.type} (+${s.delayMs} ms): ${s.state}${s.eventId ? ` ${s.eventId}` : ''}`)),
        ),
        view.error ? h('p', { class: 'form-error' }, `${view.error.code}: ${view.error.detail}`) : null,
        view.customerId ? h('button', { type: 'button', class: 'secondary', onclick: () => ctx.showDeliveries({ subject: `customer:${view.customerId}` }) }, 'Show its deliveries') : null,
      ),
    );
  }

  let timer = 0;
  document.addEventListener('tabchange', (e) => {
    const on = /** @type {CustomEvent} */ (e).detail === 'schedules';
    window.clearInterval(timer);
    if (!on) return;
    void loadSchedules();
    void loadScenarios();
    timer = window.setInterval(() => void loadSchedules(), 2000);
  });

  replace(panel, h('h2', {}, 'Schedules'), form, scheduleList, h('h2', {}, 'Scenarios'), runView, scenarioList);
}
