/** The placeholder a `--forward-to` URL (or a start `subscriptions` hookUrl) may carry: one URL per event type. */
export const TYPE_PLACEHOLDER = '{type}';

/**
 * The hook URL for one event type: `{type}` replaced by the type (URL-encoded braces too, as
 * `new URL` leaves them). A URL without the placeholder is the same for every type.
 *
 * @example expandHookUrl('http://localhost:3000/hooks/{type}', 'customer_created') // 'http://localhost:3000/hooks/customer_created'
 */
export function expandHookUrl(template: string, type: string): string {
  return template.replaceAll(TYPE_PLACEHOLDER, type).replaceAll('%7Btype%7D', type);
}
