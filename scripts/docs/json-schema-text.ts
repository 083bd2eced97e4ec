/** Reading JSON Schema (draft 2020-12, as zod writes it) into short Markdown text. */

export type Json = Record<string, unknown>;

const props = (s: Json): Record<string, Json> => (s.properties as Record<string, Json> | undefined) ?? {};

/** A table cell: pipes escaped, newlines flattened. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const code = (v: unknown): string => `\`${JSON.stringify(v)}\``;

/** `integer 0..65535`, `"v1" \| "v2"`, `array of string (1..100 items)`, `map of event type to object`. */
export function typeOf(s: Json | undefined): string {
  if (!s || Object.keys(s).length === 0) return 'any';
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
  if ('const' in s) return code(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => code(v)).join(' | ');
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (union) return union.map((u) => typeOf(u)).join(' or ');
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => typeOf({ ...s, type: t })).join(' or ');
  switch (type) {
    case 'integer':
    case 'number':
      return `${type}${range(s)}`;
    case 'string': {
      const format = typeof s.format === 'string' ? ` (${s.format})` : '';
      const len = s.minLength === 1 ? ' (non-empty)' : s.minLength !== undefined ? ` (at least ${String(s.minLength)} characters)` : '';
      return `string${format}${len}`;
    }
    case 'array': {
      const items = s.items as Json | undefined;
      const n = s.minItems !== undefined || s.maxItems !== undefined ? ` (${s.minItems ?? 0}..${s.maxItems ?? 'any'} items)` : '';
      const element = items && Object.keys(props(items)).length > 0 ? 'objects' : typeOf(items);
      return `array of ${/ or | \| /.test(element) ? `(${element})` : element}${n}`;
    }
    case 'object': {
      const keys = s.propertyNames as Json | undefined;
      const values = s.additionalProperties as Json | boolean | undefined;
      if (Object.keys(props(s)).length === 0 && (keys || (typeof values === 'object' && values !== null))) {
        return `map of ${keys ? typeOf(keys) : 'string'} to ${typeof values === 'object' ? (Object.keys(props(values)).length > 0 ? 'object' : typeOf(values)) : 'any'}`;
      }
      return 'object';
    }
    case 'boolean':
    case 'null':
      return type;
    default:
      return 'any';
  }
}

function range(s: Json): string {
  const max = s.maximum === Number.MAX_SAFE_INTEGER ? undefined : (s.maximum as number | undefined);
  const min = s.minimum as number | undefined;
  if (s.exclusiveMinimum !== undefined) return ` > ${String(s.exclusiveMinimum)}${max !== undefined ? `, at most ${max}` : ''}`;
  if (min === undefined && max === undefined) return '';
  if (max === undefined) return ` >= ${min}`;
  if (min === undefined) return ` <= ${max}`;
  return ` ${min}..${max}`;
}

export interface FieldRow {
  path: string;
  schema: Json;
  required: boolean;
  /** Set for a field of one variant of a union (`distribution is "fixed"`). */
  when?: string;
}

/** Every field of an object schema, nested ones as dotted paths, array elements as `[]`, union variants noted. */
export function fields(schema: Json, prefix = '', rows: FieldRow[] = [], when?: string): FieldRow[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, s] of Object.entries(props(schema))) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({ path, schema: s, required: required.has(name), ...(when ? { when } : {}) });
    descend(s, path, rows, when);
  }
  return rows;
}

function descend(s: Json, path: string, rows: FieldRow[], when?: string): void {
  if (Object.keys(props(s)).length > 0) fields(s, path, rows, when);
  const items = s.items as Json | undefined;
  if (s.type === 'array' && items && Object.keys(props(items)).length > 0) fields(items, `${path}[]`, rows, when);
  const values = s.additionalProperties as Json | undefined;
  if (typeof values === 'object' && values !== null && Object.keys(props(values)).length > 0) fields(values, `${path}.<key>`, rows, when);
  const union = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  for (const variant of union ?? []) {
    const tag = Object.entries(props(variant)).find(([, p]) => 'const' in p);
    if (!tag) continue;
    fields(variant, path, rows, `${tag[0]} is ${JSON.stringify(tag[1].const)}`);
  }
}

/** A Markdown fields table: field, type, required, default, description; `inferred` paths are marked as such. */
export function fieldsTable(schema: Json, inferred: ReadonlySet<string> = new Set()): string {
  const rows = fields(schema);
  if (rows.length === 0) return '';
  const lines = ['| field | type | required | default | description |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const def = 'default' in r.schema ? code(r.schema.default) : '';
    const description = [
      inferred.has(r.path) ? '*Inferred (not in Solar Proof\'s docs).*' : '',
      typeof r.schema.description === 'string' ? r.schema.description : '',
      r.when ? `(when ${r.when})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(`| \`${r.path}\` | ${cell(typeOf(r.schema))} | ${r.required ? 'yes' : ''} | ${cell(def)} | ${cell(description)} |`);
  }
  return lines.join('\n');
}
