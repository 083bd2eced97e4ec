import { findMatchingPattern, normaliseHost, parseHostPattern, type NormalisedHost } from './host-pattern.js';
import { cidrContains, parseCidr, parseIpAddress, formatIpAddress, type Cidr } from './ip-address.js';

/** Where deliveries may go: config `delivery.allowedHookHosts`, `delivery.deniedHookHosts`, `strictHookUrls`. */
export interface HookHostRules {
  /**
   * Empty: deliveries go to local hosts only (loopback, private ranges, single-label names,
   * `*.local`/`*.internal`/`*.test`...; checked at connect time, subscribing is not refused).
   * Otherwise a hook host must match an entry.
   */
  readonly allowedHookHosts: readonly string[];
  /** Never delivered to; wins over `allowedHookHosts`. */
  readonly deniedHookHosts: readonly string[];
  /** The production rule for hook URLs at subscribe time: https and a public host. */
  readonly strict: boolean;
}

export type HookHostVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Refused unless an IP/CIDR entry of `delivery.allowedHookHosts` covers them: link-local
 * (where cloud metadata services live) and the known cloud-metadata addresses. IPv4-mapped
 * spellings (`::ffff:169.254.169.254`) are covered because addresses are unmapped before matching.
 */
export const DEFAULT_DENIED_HOOK_HOSTS: readonly string[] = [
  '169.254.0.0/16', // IPv4 link-local; AWS, GCP, Azure, DigitalOcean... metadata at 169.254.169.254
  'fe80::/10', // IPv6 link-local
  '100.100.100.200', // Alibaba Cloud metadata
  'fd00:ec2::254', // AWS metadata over IPv6
  'metadata.google.internal',
];

/** Not public, for `strictHookUrls`: private, loopback, link-local, shared, documentation, multicast, reserved. */
const NON_PUBLIC_TEXT = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
  '224.0.0.0/4', '240.0.0.0/4',
  '::/96', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
];
// Parsed on the first strict check, not at import (start-up, decision 0038).
let nonPublic: readonly Cidr[] | undefined;
const nonPublicRanges = (): readonly Cidr[] => (nonPublic ??= NON_PUBLIC_TEXT.map((c) => parseCidr(c)!));

const LOCAL_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.test', '.example', '.invalid', '.lan', '.home.arpa'];

/**
 * May a subscription use this hook URL? Checks the URL as given, normalised first (case,
 * trailing dots, every IPv4 spelling, IPv4-mapped IPv6), against `strict` (https and a public
 * host), `deniedHookHosts`, `allowedHookHosts` and the default-denied ranges. A refusal's
 * `reason` names the setting that decides it. (The address actually connected to is checked
 * again by `createGuardedLookup`.)
 *
 * @example checkHookHost('https://[::ffff:127.0.0.1]/', { allowedHookHosts: [], deniedHookHosts: [], strict: true })
 *   // { ok: false, reason: '127.0.0.1 is not a public host (strictHookUrls is on: ...)' }
 */
export function checkHookHost(url: string, rules: HookHostRules): HookHostVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('not an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return refuse('not an absolute http(s) URL');
  if (!parsed.hostname) return refuse('the URL has no host');
  const host = normaliseHost(parsed.hostname);
  const shown = host.kind === 'ip' ? host.text : host.name;
  if (rules.strict) {
    if (parsed.protocol !== 'https:') return refuse('only https hook URLs are accepted (strictHookUrls is on; turn it off to use http)');
    if (!isPublic(host)) return refuse(`${shown} is not a public host (strictHookUrls is on; turn it off to deliver to local receivers)`);
  }
  return judge([host], shown, rules);
}

/**
 * The per-attempt (connect-time) check of a hook URL: an IP-literal host is checked as the
 * guarded lookup checks a resolved address (`checkAddress`: strict means a public address; no
 * lookup runs for a literal, so this is its only connect-time check), a name as `checkHookHost`
 * without strict (its addresses are checked when they are resolved). The scheme is a
 * subscribe-time rule only.
 *
 * @example checkConnectTarget('http://127.0.0.1:9000/', { allowedHookHosts: [], deniedHookHosts: [], strict: true }) // { ok: false, ... }
 */
export function checkConnectTarget(url: string, rules: HookHostRules): HookHostVerdict {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return refuse('not an absolute http(s) URL');
  }
  const host = normaliseHost(hostname.replace(/^\[(.*)\]$/, '$1'));
  if (host.kind === 'ip') return checkAddress(host.text, rules);
  const verdict = checkHookHost(url, { ...rules, strict: false });
  if (!verdict.ok) return verdict;
  return localOnly([host], rules);
}

/**
 * `checkHookHost` remembered per URL while the rules stay the same objects (a config change makes
 * new ones, which forgets every verdict): the delivery path checks each attempt, and most
 * attempts go to a handful of URLs. Holds at most `maxUrls` verdicts.
 *
 * @example const check = rememberedHookHostCheck(() => rules); check('http://127.0.0.1:8080/hook')
 */
export function rememberedHookHostCheck(
  rules: () => HookHostRules,
  maxUrls = 10_000,
  check: (url: string, rules: HookHostRules) => HookHostVerdict = checkHookHost,
): (url: string) => HookHostVerdict {
  let seen: HookHostRules | undefined;
  const verdicts = new Map<string, HookHostVerdict>();
  return (url) => {
    const now = rules();
    if (!seen || now.allowedHookHosts !== seen.allowedHookHosts || now.deniedHookHosts !== seen.deniedHookHosts || now.strict !== seen.strict) {
      verdicts.clear();
      seen = now;
    }
    let verdict = verdicts.get(url);
    if (verdict === undefined) {
      verdict = check(url, now);
      if (verdicts.size >= maxUrls) verdicts.clear();
      verdicts.set(url, verdict);
    }
    return verdict;
  };
}

/**
 * May a delivery connect to `ip` (resolved from `hostname`, when given)? The connect-time half of
 * the rules: `deniedHookHosts`, `allowedHookHosts` (the name or the address may match) and the
 * default-denied ranges; with `strict`, the address must also be public (so a public-looking name
 * that resolves to a private or loopback address is refused).
 */
export function checkAddress(ip: string, rules: HookHostRules, hostname?: string): HookHostVerdict {
  const parsed = parseIpAddress(ip);
  if (!parsed) return refuse(`${JSON.stringify(ip)} is not an IP address`);
  const address: NormalisedHost = { kind: 'ip', text: formatIpAddress(parsed), ip: parsed };
  const hosts: NormalisedHost[] = [address];
  let shown = address.text;
  if (hostname !== undefined) {
    const name = normaliseHost(hostname);
    if (name.kind === 'name') {
      hosts.unshift(name);
      shown = `${name.name} (${address.text})`;
    }
  }
  if (rules.strict && !isPublic(address)) return refuse(`${shown} is not a public address (strictHookUrls is on; turn it off to deliver to local receivers)`);
  const verdict = judge(hosts, shown, rules);
  if (!verdict.ok) return verdict;
  return localOnly(hosts, rules);
}

/**
 * The connect-time default (decision 0025): with `allowedHookHosts` empty, a delivery leaves the
 * machine's networks only when told to. Every host given (the URL's name and the address it
 * resolves to) must be local: a loopback or private address, a single-label name, or a name under
 * a local suffix (`.local`, `.internal`, `.test`, `.localhost`, ...; `host.docker.internal` too).
 */
function localOnly(hosts: readonly NormalisedHost[], rules: HookHostRules): HookHostVerdict {
  if (rules.allowedHookHosts.length > 0) return { ok: true };
  const outside = hosts.find(isPublic);
  if (outside === undefined) return { ok: true };
  const shown = outside.kind === 'ip' ? outside.text : outside.name;
  const resolved = outside.kind === 'ip' && hosts.length > 1 && hosts[0]!.kind === 'name' ? ` (${hosts[0]!.name} resolves to it)` : '';
  return refuse(
    `${shown}${resolved} is a public host: fake deliveries leave this machine only for hosts listed in delivery.allowedHookHosts ` +
      `(--allow-hook-host ${shown}); loopback, private ranges, single-label names and *.local, *.internal, *.test names need no setting`,
  );
}

/** `checkAddress(...).ok`. */
export function addressAllowed(ip: string, rules: HookHostRules, hostname?: string): boolean {
  return checkAddress(ip, rules, hostname).ok;
}

/** Every problem in the configured lists, for config validation: `["deniedHookHosts[1]: ..."]`. */
export function hookHostRuleProblems(rules: Pick<HookHostRules, 'allowedHookHosts' | 'deniedHookHosts'>): string[] {
  const problems: string[] = [];
  for (const key of ['allowedHookHosts', 'deniedHookHosts'] as const) {
    rules[key].forEach((entry, i) => {
      const p = parseHostPattern(entry);
      if ('problem' in p) problems.push(`delivery.${key}[${i}]: ${p.problem}`);
    });
  }
  return problems;
}

function judge(hosts: readonly NormalisedHost[], shown: string, rules: HookHostRules): HookHostVerdict {
  for (const host of hosts) {
    const entry = findMatchingPattern(rules.deniedHookHosts, host);
    if (entry !== undefined) return refuse(`${shown} is listed in delivery.deniedHookHosts (${JSON.stringify(entry)})`);
  }
  if (rules.allowedHookHosts.length > 0 && !hosts.some((h) => findMatchingPattern(rules.allowedHookHosts, h) !== undefined)) {
    return refuse(`${shown} is not listed in delivery.allowedHookHosts (${shownList(rules.allowedHookHosts)})`);
  }
  for (const host of hosts) {
    if (findMatchingPattern(DEFAULT_DENIED_HOOK_HOSTS, host) !== undefined && !explicitlyAllowed(host, rules)) {
      return refuse(
        `${shown} is a link-local or cloud-metadata address, refused by default; list it (or its range) in delivery.allowedHookHosts to deliver there`,
      );
    }
  }
  return { ok: true };
}

/** Only an entry naming the address, its range or the exact name lifts the default refusal (not `*`). */
function explicitlyAllowed(host: NormalisedHost, rules: HookHostRules): boolean {
  return rules.allowedHookHosts.some((text) => {
    const p = parseHostPattern(text);
    if ('problem' in p) return false;
    if (p.kind === 'range') return host.kind === 'ip' && cidrContains(p.cidr, host.ip);
    return p.kind === 'name' && host.kind === 'name' && p.name === host.name;
  });
}

function isPublic(host: NormalisedHost): boolean {
  if (host.kind === 'ip') return !nonPublicRanges().some((c) => cidrContains(c, host.ip));
  const name = host.name;
  if (name === 'localhost' || !name.includes('.')) return false;
  return !LOCAL_SUFFIXES.some((s) => name.endsWith(s));
}

function refuse(reason: string): HookHostVerdict {
  return { ok: false, reason };
}

/** A list for a message: its first few entries and how many more (a 50 000-entry list stays one line). */
function shownList(entries: readonly string[]): string {
  const head = entries.slice(0, 5).join(', ');
  return entries.length > 5 ? `${head} and ${entries.length - 5} more` : head;
}
