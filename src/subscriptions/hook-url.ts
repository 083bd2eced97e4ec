import { isIP } from 'node:net';

/**
 * Is `value` a hook URL Solar Proof would take? By default any absolute http(s) URL (localhost
 * included: that is where test receivers live). With `strict`, the production rule: https and a
 * public host name or address.
 */
export function isValidHookUrl(value: string, strict: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (!url.hostname) return false;
  if (!strict) return true;
  return url.protocol === 'https:' && isPublicHost(url.hostname);
}

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.test', '.example', '.invalid', '.lan', '.home.arpa'];

function isPublicHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const ipVersion = isIP(host);
  if (ipVersion === 4) return !isPrivateIPv4(host);
  if (ipVersion === 6) return !isPrivateIPv6(host);
  if (host === 'localhost' || !host.includes('.')) return false;
  return !LOCAL_SUFFIXES.some((s) => host.endsWith(s));
}

function isPrivateIPv4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isPrivateIPv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  if (host.startsWith('::ffff:')) return isPrivateIPv4(host.slice(7));
  return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
}
