// @ts-check
import { h } from './dom.js';

/**
 * What a delivery row shows and how the list is filtered: pure functions of a delivery, shared by
 * the list (deliveries-view.js) and its opened row (delivery-detail.js).
 */

/**
 * @typedef {{ number: number, startedAt: string, durationMs: number, outcome: string, status?: number, error?: string, responseBody?: string, fault?: string, latencyMs?: number }} Attempt
 * @typedef {{ id: string, eventId: string, type: string, hookUrl: string, apiKey: string, state: string, payload?: unknown, rawBody?: string, source?: string, attempts: Attempt[], subscriptionId: string, createdAt: string, settledAt?: string, nextAttemptAt?: string, redeliveryOf?: string, cancelReason?: string }} Delivery
 * @typedef {{ type: string, state: string, hookUrl: string, apiKey: string, subject: string }} Filter
 */

/** `dlv_12` -> 12, for newest-first order. @param {string} id */
export const seq = (id) => Number(id.replace(/^\D+/, '')) || 0;

/**
 * Does `payload` mention `key: n` at any depth (v2 payloads are one-item arrays)?
 * @param {unknown} payload @param {string[]} keys @param {number} n
 * @returns {boolean}
 */
function mentions(payload, keys, n) {
  if (Array.isArray(payload)) return payload.some((p) => mentions(p, keys, n));
  if (typeof payload !== 'object' || payload === null) return false;
  for (const [k, v] of Object.entries(payload)) {
    if (keys.includes(k) && v === n) return true;
    if (typeof v === 'object' && mentions(v, keys, n)) return true;
  }
  return false;
}

/**
 * The subject filter: `customer:79460`, `project:2143`, an event id (`evt_3`), a delivery id, or a
 * bare number matching either customer or project id.
 * @param {Delivery} d @param {string} subject
 */
function matchesSubject(d, subject) {
  const s = subject.trim();
  if (s === '') return true;
  const m = /^(customer|project)?:?\s*(\d+)$/i.exec(s);
  if (m) {
    const n = Number(m[2]);
    const kind = m[1]?.toLowerCase();
    const keys = kind === 'customer' ? ['customer_id'] : kind === 'project' ? ['project_id'] : ['customer_id', 'project_id'];
    return mentions(d.payload, keys, n);
  }
  return d.eventId === s || d.id === s;
}

/** @param {Delivery} d @param {Filter} f */
export function matches(d, f) {
  return (
    (f.type === '' || d.type === f.type) &&
    (f.state === '' || d.state === f.state) &&
    (f.apiKey === '' || d.apiKey === f.apiKey) &&
    (f.hookUrl === '' || d.hookUrl.includes(f.hookUrl)) &&
    matchesSubject(d, f.subject)
  );
}

/** What the last attempt came to: its HTTP status, else its outcome. @param {Delivery} d */
export function lastResult(d) {
  const a = d.attempts[d.attempts.length - 1];
  if (!a) return d.state === 'pending' ? 'waiting' : '';
  return a.status !== undefined ? `${a.status}` : a.outcome;
}

/** Hook URLs longer than this are shortened in the middle in the list (the full URL is the cell's title). */
export const HOOK_CHARS = 48;

/**
 * What went wrong on the way, for the row: retries (attempts after the first) and each distinct
 * fault injected into any attempt.
 * @param {Delivery} d
 */
export function troubleOf(d) {
  /** @type {string[]} */
  const faults = [];
  for (const a of d.attempts) if (a.fault && !faults.includes(a.fault)) faults.push(a.fault);
  return { retries: Math.max(0, d.attempts.length - 1), faults };
}

/**
 * The attempt count with its trouble at a glance: a retries badge and one badge per fault; the
 * title lists every attempt's outcome.
 * @param {Delivery} d @param {{ retries: number, faults: string[] }} trouble
 */
export function attemptsCell(d, trouble) {
  const outcomes = d.attempts.map((a) => `#${a.number} ${a.outcome}${a.status !== undefined ? ` ${a.status}` : ''}${a.fault ? ` (fault: ${a.fault})` : ''}`);
  return h(
    'span',
    { class: 'attempts', title: outcomes.length > 0 ? outcomes.join('\n') : 'No attempt yet' },
    h('span', { class: 'attempt-count' }, String(d.attempts.length)),
    trouble.retries > 0 ? h('span', { class: 'badge retries' }, trouble.retries === 1 ? '1 retry' : `${trouble.retries} retries`) : null,
    trouble.faults.map((f) => h('span', { class: 'badge fault', 'data-fault': f }, f)),
  );
}

