import { checkHookHost, type HookHostRules } from './hook-host-policy.js';

/**
 * Is `value` a hook URL this emulator takes? Any absolute http(s) URL (localhost included: that
 * is where test receivers live) whose host the hook-host rules allow (`delivery.allowedHookHosts`,
 * `delivery.deniedHookHosts`, and by default never the link-local / cloud-metadata ranges). With
 * `strict` (`strictHookUrls`), the production rule too: https and a public host, judged after
 * normalising the host (trailing dots, every IPv4 spelling, IPv4-mapped IPv6).
 *
 * @example isValidHookUrl('https://[::ffff:127.0.0.1]/', true) // false
 */
export function isValidHookUrl(value: string, rules: boolean | HookHostRules): boolean {
  return checkHookHost(value, typeof rules === 'boolean' ? { allowedHookHosts: [], deniedHookHosts: [], strict: rules } : rules).ok;
}
