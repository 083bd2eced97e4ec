import { findMatchingPattern, normaliseHost, type NormalisedHost } from './host-pattern.js';
import { cidrContains, parseCidr } from './ip-address.js';

/** What the Host check reads: the configured extra names, and the address the server listens on. */
export interface HostSettings {
  /** Config `allowedHosts`, `--allowed-host`, `SPMOCK_ALLOWED_HOSTS`: names, `*.wildcards`, IPs, CIDRs, or `*`. */
  readonly allowedHosts: readonly string[];
  /** The configured listen host (`127.0.0.1`, `0.0.0.0`, `::`, ...); undefined is treated as loopback. */
  readonly boundHost: string | undefined;
}

const LOOPBACK_V4 = parseCidr('127.0.0.0/8')!;
const LOOPBACK_V6 = parseCidr('::1')!;

/**
 * A loopback name or address: `localhost`, `*.localhost`, 127.0.0.0/8, `::1` (bracketed or not,
 * any spelling, IPv4-mapped included). Takes a host without port.
 *
 * @example isLoopbackHost('[::1]') // true
 */
export function isLoopbackHost(host: string): boolean {
  return isLoopback(normaliseHost(host));
}

function isLoopback(host: NormalisedHost): boolean {
  if (host.kind === 'ip') return cidrContains(LOOPBACK_V4, host.ip) || cidrContains(LOOPBACK_V6, host.ip);
  return host.name === 'localhost' || host.name.endsWith('.localhost');
}

/**
 * Splits a Host header into host and port: `localhost:4477`, `[::1]:4477`, `example.com`.
 * Undefined when it is not a well-formed Host value.
 */
export function splitHostHeader(value: string): { host: string; port: string | undefined } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]/@?#]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  return { host: m[1]!, port: m[2] };
}

/**
 * The Host check (DNS rebinding defence). Bound to a loopback address: only loopback names and
 * `allowedHosts` are accepted. Bound to a non-loopback address (0.0.0.0, ::, a LAN address): any
 * Host is accepted unless `allowedHosts` is set; then loopback names, the bound address itself and
 * `allowedHosts`. A request without Host (HTTP/1.0) is accepted: a browser always sends one.
 *
 * @example hostAllowed('evil.example:4477', { allowedHosts: [], boundHost: '127.0.0.1' }) // false
 */
export function hostAllowed(hostHeader: string | undefined, settings: HostSettings): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const split = splitHostHeader(hostHeader);
  if (!split) return false;
  const host = normaliseHost(split.host);
  if (isLoopback(host)) return true;
  if (findMatchingPattern(settings.allowedHosts, host) !== undefined) return true;
  const bound = settings.boundHost;
  if (bound === undefined || isLoopbackHost(bound)) return false;
  if (settings.allowedHosts.length === 0) return true;
  return hostKey(host) === hostKey(normaliseHost(bound));
}

function hostKey(host: NormalisedHost): string {
  return host.kind === 'ip' ? `ip ${host.text}` : `name ${host.name}`;
}
