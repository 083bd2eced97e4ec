import { cidrContains, formatIpAddress, parseCidr, parseIpAddress, type Cidr, type IpAddress } from './ip-address.js';

/**
 * One entry of `allowedHosts`, `delivery.allowedHookHosts` or `delivery.deniedHookHosts`:
 * `*` (any host), a host name (`receiver`), a wildcard (`*.example.com`: any name below
 * example.com, not example.com itself), or an IP address or CIDR range, v4 or v6
 * (`10.0.0.0/8`, `fd00::/8`, `[::1]`).
 */
export type HostPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'subdomains'; readonly suffix: string }
  | { readonly kind: 'range'; readonly cidr: Cidr };

/** A host as the policies compare it: an IP address (any spelling), or a normalised name. */
export type NormalisedHost =
  | { readonly kind: 'ip'; readonly text: string; readonly ip: IpAddress }
  | { readonly kind: 'name'; readonly name: string };

const LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

/**
 * `localhost.` and `LocalHost` are `localhost`; `[::ffff:7f00:1]`, `2130706433` and `127.1` are
 * the IP 127.0.0.1. A bare host, no port.
 */
export function normaliseHost(host: string): NormalisedHost {
  const lower = host.trim().toLowerCase();
  const ip = parseIpAddress(lower);
  if (ip) return { kind: 'ip', text: formatIpAddress(ip), ip };
  return { kind: 'name', name: lower.replace(/\.+$/, '') };
}

/** Is `name` a syntactically valid DNS name (labels of letters, digits, `-`, `_`)? */
export function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
}

/**
 * Parses one entry; a problem (for config validation) when it is none of the accepted forms.
 *
 * @example parseHostPattern('*.example.com') // { kind: 'subdomains', suffix: '.example.com' }
 */
export function parseHostPattern(text: string): HostPattern | { readonly problem: string } {
  const t = text.trim().toLowerCase();
  if (t === '*') return { kind: 'any' };
  if (t.includes('/') || parseIpAddress(t)) {
    const cidr = parseCidr(t);
    return cidr ? { kind: 'range', cidr } : { problem: `${JSON.stringify(text)} is not a valid IP address or CIDR range (e.g. 10.0.0.0/8, fd00::/8)` };
  }
  const name = t.replace(/\.$/, '');
  if (name.startsWith('*.') && isHostName(name.slice(2))) return { kind: 'subdomains', suffix: name.slice(1) };
  if (isHostName(name)) return { kind: 'name', name };
  return {
    problem: `${JSON.stringify(text)} is not a host name, *.wildcard, IP address or CIDR range${/:\d+$/.test(t) ? ' (leave the port out)' : ''}`,
  };
}

/** Does `pattern` cover `host`? Name patterns only match names, ranges only match addresses. */
export function matchesHostPattern(pattern: HostPattern, host: NormalisedHost): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'name':
      return host.kind === 'name' && host.name === pattern.name;
    case 'subdomains':
      return host.kind === 'name' && host.name.endsWith(pattern.suffix) && host.name.length > pattern.suffix.length;
    case 'range':
      return host.kind === 'ip' && cidrContains(pattern.cidr, host.ip);
    default: {
      const never: never = pattern;
      return never;
    }
  }
}

/** The first entry of `patterns` (as written) that covers `host`; invalid entries never match. */
export function findMatchingPattern(patterns: readonly string[], host: NormalisedHost): string | undefined {
  return patterns.find((text) => {
    const pattern = parseHostPattern(text);
    return !('problem' in pattern) && matchesHostPattern(pattern, host);
  });
}
