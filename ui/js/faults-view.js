// @ts-check
import { call, ApiError, problemPaths } from './api.js';
import { field, h, replace, select } from './dom.js';

/** @typedef {import('./main.js').Ctx} Ctx */
/** @typedef {ReturnType<typeof field>} Field */

const FAULTS = [
  ['drop', 'Drop (never sent)'],
  ['duplicate', 'Duplicate (sent twice)'],
  ['reorder', 'Reorder (held back)'],
  ['abort', 'Abort (connection cut mid-body)'],
  ['truncate', 'Truncate (body cut short)'],
  ['malformedJson', 'Malformed JSON'],
  ['wrongContentType', 'Wrong Content-Type'],
  ['slowBody', 'Slow body'],
];

/** Parameters per latency distribution (config `delivery.latency`). */
const LATENCY = {
  none: [],
  fixed: [['ms', 'Delay (ms)']],
  uniform: [['minMs', 'Min (ms)'], ['maxMs', 'Max (ms)']],
  normal: [['meanMs', 'Mean (ms)'], ['stdDevMs', 'Std dev (ms)']],
  lognormal: [['medianMs', 'Median (ms)'], ['sigma', 'Sigma']],
};

/**
 * The `delivery` settings: latency, fault probabilities, timeout, retry schedule; saved as one
 * merge patch, the emulator's problems shown at their fields. "Chaos off" zeroes them in one click.
 * @param {HTMLElement} panel
 * @param {Ctx} ctx
 */
export function createFaultsView(panel, ctx) {
  /** @type {Map<string, Field>} config path -> field */
  const fields = new Map();
  const num = (/** @type {string} */ path, /** @type {string} */ label, /** @type {Record<string, string>} */ props = {}, /** @type {string | undefined} */ hint = undefined) => {
    const f = field(label, h('input', { type: 'number', name: path, 'data-path': path, ...props }), hint);
    fields.set(path, f);
    return f;
  };

  const timeout = num('delivery.timeoutMs', 'Timeout (ms)', { min: '1', step: '1' }, 'Solar Proof documents 5000');
  const scheduleInput = h('input', { type: 'text', name: 'delivery.retry.schedule', 'data-path': 'delivery.retry.schedule', placeholder: '1000, 2000, 4000', autocomplete: 'off' });
  const schedule = field('Retry schedule (ms, comma-separated)', scheduleInput, 'Delay before each retry; empty means no retries');
  fields.set('delivery.retry.schedule', schedule);
  const exponentialNote = h('p', { class: 'hint', hidden: true });

  const distSelect = select(Object.keys(LATENCY).map((d) => /** @type {[string, string]} */ ([d, d])), { name: 'delivery.latency.distribution', 'data-path': 'delivery.latency.distribution' });
  const dist = field('Latency distribution', distSelect);
  fields.set('delivery.latency.distribution', dist);
  const latencyParams = Object.fromEntries(
    [...new Set(Object.values(LATENCY).flat().map(([k, l]) => `${k}|${l}`))].map((kl) => {
      const [k = '', l = ''] = kl.split('|');
      return [k, num(`delivery.latency.${k}`, l, { min: '0', step: k === 'sigma' ? '0.1' : '1' })];
    }),
  );
  const cap = num('delivery.latency.capMs', 'Cap (ms, optional)', { min: '0', step: '1' });
  const faultFields = FAULTS.map(([k = '', l = '']) => num(`delivery.faults.${k}`, l, { min: '0', max: '1', step: '0.01' }, '0 to 1'));
  const reorderWindow = num('delivery.faults.reorderWindowMs', 'Reorder window (ms)', { min: '0', step: '1' });
  const slowBodyMs = num('delivery.faults.slowBodyMs', 'Slow body over (ms)', { min: '0', step: '1' });

  const showParams = () => {
    const wanted = new Set((LATENCY[/** @type {keyof typeof LATENCY} */ (distSelect.value)] ?? []).map(([k]) => k));
    for (const [k, f] of Object.entries(latencyParams)) f.el.hidden = !wanted.has(k);
    cap.el.hidden = distSelect.value === 'none';
  };
  distSelect.addEventListener('change', showParams);

  const status = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit' }, 'Save');
  const chaosOff = h('button', { type: 'button', class: 'secondary' }, 'Chaos off');

  const form = h(
    'form',
    { class: 'card faults-form', 'aria-label': 'Faults and latency', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Timeout and retries'), h('div', { class: 'grid' }, timeout.el, schedule.el), exponentialNote),
    h('fieldset', {}, h('legend', {}, 'Latency before each attempt'), h('div', { class: 'grid' }, dist.el, ...Object.values(latencyParams).map((f) => f.el), cap.el)),
    h('fieldset', {}, h('legend', {}, 'Fault probabilities'), h('div', { class: 'grid' }, ...faultFields.map((f) => f.el), reorderWindow.el, slowBodyMs.el)),
    h('div', { class: 'row-actions' }, save, chaosOff),
    formError,
    status,
  );

  function fill() {
    const d = ctx.config.delivery ?? {};
    /** @type {HTMLInputElement} */ (timeout.input).value = String(d.timeoutMs ?? '');
    scheduleInput.value = (d.retry?.schedule ?? []).join(', ');
    exponentialNote.hidden = !d.retry?.exponential;
    exponentialNote.textContent = d.retry?.exponential ? `An exponential retry ladder is configured (${JSON.stringify(d.retry.exponential)}); it replaces the schedule.` : '';
    distSelect.value = d.latency?.distribution ?? 'none';
    for (const [k, f] of Object.entries(latencyParams)) f.input.value = d.latency?.[k] === undefined ? '' : String(d.latency[k]);
    cap.input.value = d.latency?.capMs === undefined ? '' : String(d.latency.capMs);
    FAULTS.forEach(([k = ''], i) => {
      const f = faultFields[i];
      if (f) f.input.value = String(d.faults?.[k] ?? 0);
    });
    reorderWindow.input.value = String(d.faults?.reorderWindowMs ?? '');
    slowBodyMs.input.value = String(d.faults?.slowBodyMs ?? '');
    showParams();
  }

  function clearErrors() {
    for (const f of fields.values()) f.error(undefined);
    formError.hidden = true;
  }

  /** @returns {Record<string, any> | undefined} the patch, or undefined after showing a problem */
  function readPatch() {
    let bad = false;
    /** @param {Field} f @param {{ min?: number, max?: number, int?: boolean, optional?: boolean }} rule */
    const read = (f, rule) => {
      const raw = f.input.value.trim();
      if (raw === '' && rule.optional) return undefined;
      const n = Number(raw);
      const problem =
        raw === '' || !Number.isFinite(n) ? 'Enter a number.'
        : rule.int && !Number.isInteger(n) ? 'Enter a whole number.'
        : rule.min !== undefined && n < rule.min ? `At least ${rule.min}.`
        : rule.max !== undefined && n > rule.max ? `At most ${rule.max}.`
        : undefined;
      if (problem) {
        f.error(problem);
        bad = true;
      }
      return n;
    };
    const delays = scheduleInput.value.split(/[\s,]+/).filter((s) => s !== '').map(Number);
    if (delays.some((n) => !Number.isInteger(n) || n < 0)) {
      schedule.error('Delays are whole numbers of ms, e.g. 1000, 2000, 4000.');
      bad = true;
    }
    /** @type {Record<string, unknown>} */
    const latency = { distribution: distSelect.value };
    for (const [k] of LATENCY[/** @type {keyof typeof LATENCY} */ (distSelect.value)] ?? []) {
      const f = latencyParams[k];
      if (f) latency[k] = read(f, { min: 0, int: k !== 'sigma' && k !== 'stdDevMs' && k !== 'medianMs' });
    }
    if (distSelect.value !== 'none') {
      const c = read(cap, { min: 0, int: true, optional: true });
      if (c !== undefined) latency.capMs = c;
    }
    /** @type {Record<string, unknown>} */
    const faults = {};
    FAULTS.forEach(([k = ''], i) => {
      const f = faultFields[i];
      if (f) faults[k] = read(f, { min: 0, max: 1 });
    });
    faults.reorderWindowMs = read(reorderWindow, { min: 0, int: true });
    faults.slowBodyMs = read(slowBodyMs, { min: 0, int: true });
    const timeoutMs = read(timeout, { min: 1, int: true });
    if (bad) return undefined;
    return { delivery: { timeoutMs, retry: { schedule: delays }, latency, faults } };
  }

  /** @param {Record<string, any>} patch @param {string} done */
  async function send(patch, done) {
    save.disabled = true;
    chaosOff.disabled = true;
    try {
      ctx.config = await call('patchConfig', { body: patch });
      fill();
      status.textContent = done;
    } catch (e) {
      status.textContent = '';
      showProblems(e);
    } finally {
      save.disabled = false;
      chaosOff.disabled = false;
    }
  }

  /** Each "path: message" problem goes to the field with the longest matching path. @param {unknown} e */
  function showProblems(e) {
    const problems = e instanceof ApiError && e.problems.length > 0 ? problemPaths(e.problems) : [['', e instanceof Error ? e.message : String(e)]];
    /** @type {string[]} */
    const unplaced = [];
    /** @type {Map<Field, string[]>} */
    const placed = new Map();
    for (const [path, message] of problems) {
      const key = [...fields.keys()].filter((k) => path === k || path.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
      const f = key ? fields.get(key) : undefined;
      if (f && !f.el.hidden) placed.set(f, [...(placed.get(f) ?? []), message]);
      else unplaced.push(path ? `${path}: ${message}` : message);
    }
    for (const [f, messages] of placed) f.error(messages.join('; '));
    if (unplaced.length > 0) {
      formError.textContent = unplaced.join('\n');
      formError.hidden = false;
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    const patch = readPatch();
    if (patch) void send(patch, 'Saved: new deliveries use these settings.');
  });
  chaosOff.addEventListener('click', () => {
    clearErrors();
    const faults = Object.fromEntries(FAULTS.map(([k = '']) => [k, 0]));
    void send({ delivery: { faults, latency: { distribution: 'none' } } }, 'Chaos off: every fault probability is 0 and there is no injected latency.');
  });

  replace(panel, h('h2', {}, 'Faults and latency'), form);
  fill();
  return {
    /** After a reset: show the configuration as it is now. */
    reload: () => fill(),
  };
}
