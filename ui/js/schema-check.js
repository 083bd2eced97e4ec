// @ts-check
/**
 * A small JSON Schema checker for the subset the event catalogue uses (type, properties,
 * required, additionalProperties, enum, const, anyOf/oneOf, items, minItems/maxItems,
 * minimum/maximum and their exclusive forms, minLength/maxLength, pattern), so an overrides
 * mistake is shown at the field before anything is sent. The emulator checks again; its answer
 * wins.
 */

/** @typedef {{ field: string, message: string }} SchemaProblem */
/** @typedef {Record<string, any> | boolean} Schema */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @param {unknown} a @param {unknown} b @returns {boolean} */
function same(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

/** @param {unknown} v */
function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** @param {unknown} v @param {string} type */
function hasType(v, type) {
  const t = jsonType(v);
  if (type === 'number') return t === 'number' || t === 'integer';
  return t === type;
}

/** @param {unknown} v */
const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/**
 * Every problem of `value` against `schema`, each naming its field path (`a.b.0`).
 * @param {unknown} value
 * @param {Schema} schema
 * @param {string} [path]
 * @returns {SchemaProblem[]}
 */
export function validate(value, schema, path = '') {
  const field = path === '' ? '(root)' : path;
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [{ field, message: `"${field}" is not allowed` }];
  /** @type {SchemaProblem[]} */
  const out = [];
  const fail = (/** @type {string} */ message) => out.push({ field, message });

  if (Array.isArray(schema.anyOf)) {
    if (!schema.anyOf.some((/** @type {Schema} */ s) => validate(value, s, path).length === 0)) {
      fail(`"${field}" must be ${schema.anyOf.map(describe).join(' or ')}, got ${show(value)}`);
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const n = schema.oneOf.filter((/** @type {Schema} */ s) => validate(value, s, path).length === 0).length;
    if (n !== 1) fail(`"${field}" must be exactly one of ${schema.oneOf.map(describe).join(', ')}, got ${show(value)}`);
  }
  if ('const' in schema && !same(value, schema.const)) fail(`"${field}" must be ${show(schema.const)}, got ${show(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((/** @type {unknown} */ e) => same(e, value))) {
    fail(`"${field}" must be one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((/** @type {string} */ t) => hasType(value, t))) {
      fail(`"${field}" must be ${types.map(article).join(' or ')}, got ${jsonType(value) === 'integer' ? 'a number' : article(jsonType(value))} (${show(value)})`);
      return out;
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`"${field}" must be at least ${schema.minimum}, got ${value}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`"${field}" must be at most ${schema.maximum}, got ${value}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`"${field}" must be greater than ${schema.exclusiveMinimum}, got ${value}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`"${field}" must be less than ${schema.exclusiveMaximum}, got ${value}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail(`"${field}" must be at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) fail(`"${field}" must be at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string') {
      try {
        if (!new RegExp(schema.pattern, 'u').test(value)) fail(`"${field}" must match ${schema.pattern}`);
      } catch {
        // A pattern this browser cannot compile is left to the emulator.
      }
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`"${field}" needs at least ${schema.minItems} item(s)`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`"${field}" takes at most ${schema.maxItems} item(s)`);
    if (schema.items !== undefined && !Array.isArray(schema.items)) {
      value.forEach((item, i) => out.push(...validate(item, schema.items, join(path, String(i)))));
    }
  }
  if (isObject(value)) {
    /** @type {Record<string, Schema>} */
    const props = isObject(schema.properties) ? /** @type {Record<string, Schema>} */ (schema.properties) : {};
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (!Object.hasOwn(value, key)) out.push({ field: join(path, key), message: `"${join(path, key)}" is required` });
    }
    for (const [key, v] of Object.entries(value)) {
      if (Object.hasOwn(props, key)) out.push(...validate(v, props[key], join(path, key)));
      else if (schema.additionalProperties === false) out.push(unknownField(path, key, props));
      else if (isObject(schema.additionalProperties)) out.push(...validate(v, schema.additionalProperties, join(path, key)));
    }
  }
  return out;
}

/**
 * Overrides are a partial payload item: each field given is checked against its schema (an
 * object value key by key, as the emulator does), fields not given are not required.
 * @param {unknown} overrides
 * @param {Schema} itemSchema the schema of one payload item (see `itemSchemaOf`)
 * @returns {SchemaProblem[]}
 */
export function checkOverrides(overrides, itemSchema, path = '') {
  if (!isObject(overrides)) {
    return [{ field: '(root)', message: `overrides must be a JSON object of payload fields, e.g. {"customer_email":"a@example.com"}; got ${jsonType(overrides)}` }];
  }
  if (typeof itemSchema === 'boolean') return itemSchema ? [] : [{ field: '(root)', message: 'this payload takes no overrides' }];
  /** @type {Record<string, Schema>} */
  const props = isObject(itemSchema.properties) ? /** @type {Record<string, Schema>} */ (itemSchema.properties) : {};
  /** @type {SchemaProblem[]} */
  const out = [];
  for (const [key, value] of Object.entries(overrides)) {
    const fieldPath = join(path, key);
    const sub = Object.hasOwn(props, key) ? props[key] : undefined;
    if (sub === undefined) {
      if (itemSchema.additionalProperties === false) out.push(unknownField(path, key, props));
      continue;
    }
    if (isObject(value) && isObject(sub) && sub.type === 'object') out.push(...checkOverrides(value, sub, fieldPath));
    else out.push(...validate(value, sub, fieldPath));
  }
  return out;
}

/**
 * The schema one override object is checked against: the item of an array payload (v2 sends a
 * one-item array), else the payload schema itself.
 * @param {{ shape?: string, schema: Schema }} eventType
 * @returns {Schema}
 */
export function itemSchemaOf(eventType) {
  const s = eventType.schema;
  if (eventType.shape === 'array' && isObject(s) && s.items !== undefined && !Array.isArray(s.items)) return /** @type {Schema} */ (s.items);
  return s;
}

/** @param {string} path @param {string} key */
const join = (path, key) => (path === '' ? key : `${path}.${key}`);

/** @param {string} path @param {string} key @param {Record<string, unknown>} props */
function unknownField(path, key, props) {
  const where = path === '' ? 'the payload' : `"${path}"`;
  return { field: join(path, key), message: `"${join(path, key)}" is not a field of ${where}. Fields: ${Object.keys(props).join(', ')}` };
}

/** @param {string} t */
const article = (t) => (t === 'integer' ? 'an integer' : t === 'array' || t === 'object' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`);

/** @param {Schema} s */
function describe(s) {
  if (typeof s === 'boolean') return String(s);
  if ('const' in s) return show(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(show).join('/');
  if (typeof s.type === 'string') return article(s.type);
  return 'a matching value';
}
