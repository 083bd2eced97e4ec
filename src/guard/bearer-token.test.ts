import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});
// Files share a worker's module graph (isolate: false), so bearer-token.js may already be loaded
// with the real node:crypto: load it anew, after the mock.
vi.resetModules();
const { bearerTokenMatches } = await import('./bearer-token.js');

describe('bearerTokenMatches', () => {
  it('accepts exactly "Bearer <token>" (scheme in any case)', () => {
    expect(bearerTokenMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerTokenMatches('bearer s3cret', 's3cret')).toBe(true);
  });

  it('refuses a wrong, longer, shorter, missing or differently-schemed token', () => {
    for (const header of ['Bearer s3cre', 'Bearer s3cret2', 'Bearer S3CRET', 'Basic s3cret', 's3cret', 'Bearer', 'Bearer ', '', undefined]) {
      expect(bearerTokenMatches(header, 's3cret'), String(header)).toBe(false);
    }
  });

  it('compares SHA-256 digests with crypto.timingSafeEqual, whatever the lengths', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    bearerTokenMatches('Bearer a-much-longer-token-than-expected', 's3cret');
    bearerTokenMatches(undefined, 's3cret');
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });
});
