/**
 * PHP's default `json_encode` of a value: `JSON.stringify`, then `\/` for every `/` and `\uXXXX`
 * (lower-case hex, UTF-16 code units, so an emoji is a surrogate pair) for every non-ASCII
 * character, as PHP writes without `JSON_UNESCAPED_SLASHES` / `JSON_UNESCAPED_UNICODE`.
 * `payloadStyle: "php"` sends webhooks and data-API answers this way.
 *
 * @example phpJsonEncode({ link: '/uploads/a.pdf', suburb: 'Émerald' }) // '{"link":"\\/uploads\\/a.pdf","suburb":"\\u00c9merald"}'
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
