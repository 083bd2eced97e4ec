import { describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch.js';

describe('mergePatch', () => {
  it('merges objects deeply and removes keys set to null', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: 1 }, { a: { c: null, e: 3 } })).toEqual({ a: { b: 1, e: 3 }, d: 1 });
  });

  it('replaces arrays whole', () => {
    expect(mergePatch({ s: [1, 2, 3] }, { s: [] })).toEqual({ s: [] });
  });

  it('replaces an object whose distribution changes, and merges one whose distribution stays', () => {
    const fixed = { latency: { distribution: 'fixed', ms: 400, capMs: 900 } };
    expect(mergePatch(fixed, { latency: { distribution: 'uniform', minMs: 100, maxMs: 300 } })).toEqual({
      latency: { distribution: 'uniform', minMs: 100, maxMs: 300 },
    });
    expect(mergePatch(fixed, { latency: { distribution: 'fixed', ms: 10 } })).toEqual({
      latency: { distribution: 'fixed', ms: 10, capMs: 900 },
    });
  });

  it('does not modify its arguments', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { b: 2 } };
    mergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { b: 2 } });
  });
});
