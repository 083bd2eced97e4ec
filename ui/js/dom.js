// @ts-check
/**
 * The one way this page makes DOM: elements and text nodes, never HTML strings. Everything the
 * emulator shows (receiver answers, hook URLs, payload strings) is hostile data, and a text node
 * cannot run script.
 */

/**
 * @typedef {string | number | Node | null | undefined | false | Array<any>} Child
 * @typedef {Record<string, unknown>} Props
 */

/** Properties set as DOM properties (booleans, form values), not attributes. */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open', 'required', 'readOnly', 'multiple']);

/**
 * Makes an element. `on*` function props become listeners, `class` and other strings become
 * attributes, children strings become text.
 *
 * @example h('button', { type: 'button', onclick: go }, 'Redeliver')
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (PROPERTIES.has(key)) {
      /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/**
 * Replaces every child of `parent`.
 * @param {Node} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

let nextId = 1;
/** A unique element id for label/aria wiring. @param {string} prefix */
export function uid(prefix) {
  return `${prefix}-${nextId++}`;
}

/**
 * A labelled form field with a place for its error: `field.error('...')` shows it at the input.
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} input
 * @param {string} [hint]
 */
export function field(label, input, hint) {
  if (!input.id) input.id = uid('f');
  const errorEl = h('p', { class: 'field-error', id: `${input.id}-error`, hidden: true });
  const hintEl = hint ? h('p', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  const wrap = h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl, errorEl);
  return {
    el: wrap,
    input,
    /** @param {string | undefined} message */
    error(message) {
      errorEl.textContent = message ?? '';
      errorEl.hidden = !message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [errorEl.id, hintEl?.id].filter(Boolean).join(' '));
      } else {
        input.removeAttribute('aria-invalid');
        if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
        else input.removeAttribute('aria-describedby');
      }
    },
  };
}

/**
 * A <select> of `[value, label]` options.
 * @param {Array<[string, string]>} options
 * @param {Props} [props]
 */
export function select(options, props = {}) {
  return h('select', props, options.map(([value, label]) => h('option', { value }, label)));
}

/** @param {string | number | undefined} iso */
export function time(iso) {
  if (iso === undefined) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().slice(11, 23);
}

/**
 * `text` cut to at most `max` characters by taking out its middle: a URL keeps its scheme and
 * host (up to 60% of the room) and as much of its tail (the path and query that tell hook URLs
 * apart) as fits, joined by an ellipsis.
 *
 * @example shortenMiddle('http://127.0.0.1:43123/hooks/a?tenant=12&kind=customer_created', 40)
 *   // 'http://127.0.0.1:43123…=customer_created'
 * @param {string} text @param {number} max
 */
export function shortenMiddle(text, max) {
  const chars = [...text];
  if (chars.length <= max) return text;
  const room = Math.max(2, max - 1);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(text)?.[0];
  const headLen = origin ? Math.min([...origin].length, Math.ceil(room * 0.6)) : Math.ceil(room / 2);
  return `${chars.slice(0, headLen).join('')}\u2026${chars.slice(chars.length - (room - headLen)).join('')}`;
}

/**
 * Keeps `tbody` showing one group of rows per item, in the items' order, reusing the groups
 * already drawn: a group whose key is gone is removed, a missing one is made (`make` adds it to
 * `rows`), and a drawn one keeps its nodes, so only new rows are inserted and a focused row is
 * never moved.
 * @template T, K, R
 * @param {HTMLElement} tbody
 * @param {Map<K, R>} rows
 * @param {T[]} items
 * @param {{ key: (item: T) => K, make: (item: T) => R, update: (item: T, r: R) => void, nodes: (r: R) => ChildNode[] }} how
 */
export function reconcileRows(tbody, rows, items, how) {
  const keep = new Set(items.map(how.key));
  for (const [key, r] of rows) {
    if (keep.has(key)) continue;
    for (const node of how.nodes(r)) node.remove();
    rows.delete(key);
  }
  /** @type {ChildNode | null} */
  let cursor = tbody.firstChild;
  for (const item of items) {
    const r = rows.get(how.key(item)) ?? how.make(item);
    how.update(item, r);
    for (const node of how.nodes(r)) {
      if (cursor !== node) tbody.insertBefore(node, cursor);
      cursor = node.nextSibling;
    }
  }
}
