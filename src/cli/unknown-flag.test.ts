import { describe, expect, it } from 'vitest';
import { unknownFlag } from './unknown-flag.js';

describe('unknownFlag', () => {
  it('names the closest known flag', () => {
    expect(unknownFlag('--cout', ['count', 'json', 'api-key'])).toBe('unknown flag --cout; did you mean --count?');
    expect(unknownFlag('--jsno', ['count', 'json'])).toBe('unknown flag --jsno; did you mean --json?');
    expect(unknownFlag('--api', ['count', 'api-key'])).toBe('unknown flag --api; did you mean --api-key?');
    expect(unknownFlag('--prot=4000', ['port', 'host'])).toBe('unknown flag --prot; did you mean --port?');
  });

  it('points at --help when nothing is near', () => {
    expect(unknownFlag('--frobnicate', ['count', 'json'])).toBe('unknown flag --frobnicate (see --help)');
  });
});
