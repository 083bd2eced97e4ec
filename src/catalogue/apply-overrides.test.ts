import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkOverrides, deepMerge, validateMerged } from './apply-overrides.js';
import { OverrideError } from '../core/errors.js';

const item = z.strictObject({ id: z.int(), name: z.string(), site: z.looseObject({ state: z.string() }) });

describe('overrides', () => {
  it('deep-merges objects and replaces everything else', () => {
    expect(deepMerge({ a: 1, b: { c: 2, d: [1] } }, { b: { d: [9], e: null } })).toEqual({ a: 1, b: { c: 2, d: [9], e: null } });
  });

  it('names an unknown field and lists the real ones', () => {
    const err = catchError(() => checkOverrides({ nope: 1 }, item, 't v2'));
    expect(err).toBeInstanceOf(OverrideError);
    expect((err as OverrideError).field).toBe('nope');
    expect(err.message).toContain('Fields: id, name, site');
  });

  it('names a field whose value has the wrong type', () => {
    const err = catchError(() => checkOverrides({ id: 'x' }, item, 't v2')) as OverrideError;
    expect(err.field).toBe('id');
    expect(err.message).toContain('"x"');
  });

  it.each(['constructor', '__proto__', 'toString'])('refuses %s as an unknown field (not a member of Object.prototype)', (field) => {
    const err = catchError(() => checkOverrides(JSON.parse(`{"${field}":{"x":1}}`), item, 't v2')) as OverrideError;
    expect(err).toBeInstanceOf(OverrideError);
    expect(err.field).toBe(field);
  });

  it('merges a JSON "__proto__" key as a plain field, never as a prototype', () => {
    const merged = deepMerge({ site: { state: 'SA' } }, JSON.parse('{"site":{"__proto__":{"polluted":1}}}'));
    expect(Object.getPrototypeOf(merged.site)).toBe(Object.prototype);
    expect(Object.keys(merged.site as object)).toEqual(['state', '__proto__']);
  });

  it('refuses overrides that are not an object', () => {
    expect((catchError(() => checkOverrides([1], item, 't')) as OverrideError).field).toBe('(root)');
  });

  it('reports the nested path of a merged value that breaks the schema', () => {
    const merged = deepMerge({ id: 1, name: 'a', site: { state: 'QLD' } }, { site: { state: 4 } });
    expect((catchError(() => validateMerged(merged, item, 't')) as OverrideError).field).toBe('site.state');
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
