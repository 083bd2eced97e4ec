import { cidrContains, embeddedIPv4, formatIpAddress, parseCidr, parseIpAddress, unmapIpAddress, type Cidr, type IpAddress } from './ip-address.js';

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

/**
 * The first entry of `patterns` (as written) that covers `host`; invalid entries never match.
 * The list is indexed once per array (names and wildcards by name, ranges by prefix length), so
 * a lookup costs one probe per label and per prefix length, not a parse of every entry: a
 * 50 000-entry `allowedHookHosts` costs what a short one does.
 */
export function findMatchingPattern(patterns: readonly string[], host: NormalisedHost): string | undefined {
  let index = indexes.get(patterns);
  if (index === undefined) {
    index = indexPatterns(patterns);
    indexes.set(patterns, index);
  }
  const first = firstMatch(index, host);
  return first === undefined ? undefined : patterns[first];
}

/** Positions in the list: the smallest matching one is the first entry as written. */
interface PatternIndex {
  any: number | undefined;
  names: Map<string, number>;
  suffixes: Map<string, number>;
  /** `version/prefix` -> masked base value -> position. */
  ranges: Map<string, { version: 4 | 6; prefix: number; bases: Map<bigint, number> }>;
}

const indexes = new WeakMap<readonly string[], PatternIndex>();

function indexPatterns(patterns: readonly string[]): PatternIndex {
  const index: PatternIndex = { any: undefined, names: new Map(), suffixes: new Map(), ranges: new Map() };
  const keep = <K>(map: Map<K, number>, key: K, at: number): void => {
    if (!map.has(key)) map.set(key, at);
  };
  patterns.forEach((text, at) => {
    const p = parseHostPattern(text);
    if ('problem' in p) return;
    if (p.kind === 'any') index.any ??= at;
    else if (p.kind === 'name') keep(index.names, p.name, at);
    else if (p.kind === 'subdomains') keep(index.suffixes, p.suffix, at);
    else {
      const key = `${p.cidr.base.version}/${p.cidr.prefix}`;
      let group = index.ranges.get(key);
      if (group === undefined) index.ranges.set(key, (group = { version: p.cidr.base.version, prefix: p.cidr.prefix, bases: new Map() }));
      keep(group.bases, p.cidr.base.value, at);
    }
  });
  return index;
}

function firstMatch(index: PatternIndex, host: NormalisedHost): number | undefined {
  const found: number[] = [];
  if (index.any !== undefined) found.push(index.any);
  if (host.kind === 'name') {
    const exact = index.names.get(host.name);
    if (exact !== undefined) found.push(exact);
    // Every proper suffix starting at a dot: a.b.example.com -> .b.example.com, .example.com, .com
    for (let dot = host.name.indexOf('.'); dot >= 0; dot = host.name.indexOf('.', dot + 1)) {
      if (dot === 0) continue;
      const at = index.suffixes.get(host.name.slice(dot));
      if (at !== undefined) found.push(at);
    }
  } else {
    for (const group of index.ranges.values()) {
      // One probe per prefix length (the rule of cidrContains: unmapped, or the IPv4 address it carries).
      const probe = probeValue(group.version, group.prefix, host.ip);
      const at = probe === undefined ? undefined : group.bases.get(probe);
      if (at !== undefined) found.push(at);
    }
  }
  return found.length === 0 ? undefined : Math.min(...found);
}

/** The address as a range of this version and prefix would hold it (masked), if it can. */
function probeValue(version: 4 | 6, prefix: number, ip: IpAddress): bigint | undefined {
  const address = unmapIpAddress(ip);
  const candidate = address.version === version ? address : version === 4 ? embeddedIPv4(address) : undefined;
  if (candidate === undefined) return undefined;
  const bits = version === 4 ? 32n : 128n;
  const all = (1n << bits) - 1n;
  return candidate.value & ((all << (bits - BigInt(prefix))) & all);
}
