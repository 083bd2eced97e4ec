/**
 * `https://App.example:443/` -> `https://app.example`; undefined for `null`, opaque or
 * non-http(s) origins and anything with a path. Also validates `allowedOrigins` entries.
 */
export function normaliseOrigin(text: string): string | undefined {
  if (text.trim().toLowerCase() === 'null') return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) return undefined;
  return `${url.protocol}//${url.host}`;
}
