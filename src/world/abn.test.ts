import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidAbn, makeAbn } from './abn.js';

describe('ABN checksum', () => {
  it('accepts the ATO published example and rejects a one-digit change', () => {
    expect(isValidAbn('51824753556')).toBe(true);
    expect(isValidAbn('51824753557')).toBe(false);
    expect(isValidAbn('5182475355')).toBe(false);
    expect(isValidAbn('5182475355a')).toBe(false);
  });

  it('makeAbn always yields 11 digits that pass the checksum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), (body) => {
        const abn = makeAbn(body);
        expect(abn).toMatch(/^[1-9]\d{10}$/);
        expect(abn.slice(2)).toBe(body.join(''));
        expect(isValidAbn(abn)).toBe(true);
      }),
    );
  });
});
