import { eventTypesFor, isEventType, type EventType, type PayloadVersion } from '../core/event-types.js';
import { captureType, type Capture } from './capture-file.js';
import { sampleLeaves, type ContextLeaf } from './template-context-sample.js';

/**
 * `templates --from`: a `world.templatesFile` from captured payloads. Each field keeps its
 * captured name, order and shape; its value becomes the `{{path}}` of the world value that fits
 * (same kind of value, closest name), or stays the captured literal.
 */

/** One line of the report: a field mapped to a world path, or kept as captured. */
export interface FieldReport {
  type: EventType;
  version: PayloadVersion;
  field: string;
  mapped?: string;
  kept?: string;
}

export interface InferredTemplates {
  /** The file: `{ type: { version: { shape, fields } } }`, as the catalogue loads it. */
  templates: Record<string, Record<string, { shape: 'object' | 'array'; fields: Record<string, unknown> }>>;
  report: FieldReport[];
  /** Captures left out, and why (unknown type, a body that is not a JSON object or array of them). */
  skipped: string[];
}

/** The kind of a value, so an e-mail field is only ever mapped to an e-mail. */
export function valueKind(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v !== 'string') return 'other';
  if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(v)) return 'email';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v)) return 'iso-time';
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d/.test(v) || v === '0000-00-00') return 'sql-time';
  if (/^(https?:\/\/|\/uploads\/)/.test(v)) return 'link';
  if (/^\+?[\d\s()-]{8,}$/.test(v)) return 'digits';
  if (/^-?\d+(\.\d+)?$/.test(v)) return 'numeric-text';
  return 'text';
}

const VOCABULARY = ['customer', 'quotation', 'project', 'status', 'user', 'email', 'name', 'phone', 'created', 'updated', 'signed', 'type', 'id', 'uid', 'link', 'proposal', 'company', 'site', 'address', 'total', 'price', 'size', 'system', 'draft', 'first', 'sur', 'old', 'new', 'at'];

/** `assigned_user_email` -> [assigned, user, email]; `pkcustomerid` -> [customer, id]; `statusName` -> [status, name]. */
export function nameTokens(name: string): string[] {
  const words = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.flatMap((w) => segment(w.replace(/^(pk|fk)(?=[a-z]{3})/, ''))).map((w) => SYNONYMS[w] ?? w);
}

const SYNONYMS: Record<string, string> = { cust: 'customer', addr: 'address', mobile: 'phone', tel: 'phone', mail: 'email', qty: 'quantity', proj: 'project' };

/** A run-together word split into known words where it can be (`customerid` -> customer, id). */
function segment(word: string): string[] {
  for (const v of VOCABULARY) {
    if (word.startsWith(v) && word.length > v.length) {
      const rest = segment(word.slice(v.length));
      if (rest.every((r) => VOCABULARY.includes(r))) return [v, ...rest];
    }
  }
  return [word];
}

/** How well `path` names field `key`: shared words count, words the path adds cost a quarter. */
function score(keyTokens: readonly string[], path: string): number {
  const pathTokens = nameTokens(path.replace(/\./g, '_'));
  const shared = pathTokens.filter((t) => keyTokens.includes(t)).length;
  return shared - 0.25 * (pathTokens.length - shared);
}

/** The `{{path}}` for a field, or undefined to keep the captured value. */
export function pathFor(key: string, value: unknown, leaves: readonly ContextLeaf[]): string | undefined {
  const kind = valueKind(value);
  if (kind === 'other') return undefined;
  const fits = leaves.filter((l) => valueKind(l.value) === kind);
  // The built-in payload's own field of that name first: the documented meaning.
  const same = fits.find((l) => l.path === `payload.${key}`);
  if (same) return same.path;
  const tokens = nameTokens(key);
  let best: { path: string; score: number } | undefined;
  for (const l of fits) {
    const s = score(tokens, l.path);
    if (s > 0 && (!best || s > best.score)) best = { path: l.path, score: s };
  }
  // Free text needs two shared words (a "note" is not any text of the world).
  if (!best || (kind === 'text' && best.score < 1.25)) return undefined;
  return best.path;
}

/** The payload version a captured body is in: arrays are v2; an object is v1 but for v2's customer_created. */
export function versionOf(type: EventType, payload: unknown): PayloadVersion {
  if (Array.isArray(payload)) return 'v2';
  const keys = Object.keys(payload as object);
  return type === 'customer_created' && !keys.includes('pkcustomerid') ? 'v2' : 'v1';
}

function templateFields(item: Record<string, unknown>, leaves: readonly ContextLeaf[], report: (field: string, r: Pick<FieldReport, 'mapped' | 'kept'>) => void, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    const field = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = templateFields(value as Record<string, unknown>, leaves, report, field);
      continue;
    }
    const path = pathFor(key, value, leaves);
    // A literal string with {{ in it would be read as a placeholder; such a value is kept whole.
    out[key] = path === undefined ? value : `{{${path}}}`;
    report(field, path === undefined ? { kept: valueKind(value) } : { mapped: path });
  }
  return out;
}

/**
 * Templates for every (type, payload version) in `captures` (the last capture of each wins: the
 * most recent shape). `forceVersion` overrides the guess from the body's shape.
 *
 * @example inferTemplates(parseCaptures(text)).templates.customer_created.v2.fields.customer_email // '{{payload.customer_email}}'
 */
export function inferTemplates(captures: readonly Capture[], forceVersion?: PayloadVersion): InferredTemplates {
  const latest = new Map<string, { type: EventType; version: PayloadVersion; item: Record<string, unknown>; shape: 'object' | 'array' }>();
  const skipped: string[] = [];
  captures.forEach((c, i) => {
    const type = captureType(c);
    let payload: unknown;
    try {
      payload = c.bodyEncoding === undefined ? JSON.parse(c.body) : undefined;
    } catch {
      payload = undefined;
    }
    const item: unknown = Array.isArray(payload) ? payload[0] : payload;
    if (!isEventType(type, 'v2') && !isEventType(type, 'v1')) return skipped.push(`capture ${i + 1}: "${type}" is not an event type (${eventTypesFor('v2').join(', ')}); record with --type`);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return skipped.push(`capture ${i + 1} (${type}): the body is not a JSON object or an array of objects`);
    const version = forceVersion ?? versionOf(type, payload);
    if (!isEventType(type, version)) return skipped.push(`capture ${i + 1}: payload version ${version} has no ${type} event`);
    latest.set(`${type}:${version}`, { type, version, item: item as Record<string, unknown>, shape: Array.isArray(payload) ? 'array' : 'object' });
  });
  const templates: InferredTemplates['templates'] = {};
  const report: FieldReport[] = [];
  const leavesByVersion = new Map<PayloadVersion, ReturnType<typeof sampleLeaves>>();
  for (const { type, version, item, shape } of latest.values()) {
    if (!leavesByVersion.has(version)) leavesByVersion.set(version, sampleLeaves(version));
    const leaves = leavesByVersion.get(version)!.get(type) ?? [];
    const fields = templateFields(item, leaves, (field, r) => report.push({ type, version, field, ...r }));
    (templates[type] ??= {})[version] = { shape, fields };
  }
  return { templates, report, skipped };
}
