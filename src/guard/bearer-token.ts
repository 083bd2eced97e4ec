import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Does an `Authorization` header carry `Bearer <token>`? Compared in constant time: both sides
 * are hashed (SHA-256) so `timingSafeEqual` gets equal lengths and neither the token's content
 * nor its length leaks through timing.
 *
 * @example bearerTokenMatches('Bearer s3cret', 's3cret') // true
 */
export function bearerTokenMatches(authorization: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  // Hash something even when the header is absent or malformed: same work on every path.
  const given = digest(m?.[1] ?? '');
  const expected = digest(token);
  return timingSafeEqual(given, expected) && m !== null;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
