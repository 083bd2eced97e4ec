/**
 * IP addresses as numbers, so that every spelling of one address compares equal: `127.1`,
 * `2130706433`, `0x7f000001`, `0177.0.0.1`, `[::ffff:127.0.0.1]` and `[::ffff:7f00:1]` are all
 * 127.0.0.1 once parsed and unmapped. The IPv4 forms are the ones the WHATWG URL parser and
 * `inet_aton` accept, so a check here sees the address a client would actually connect to.
 */
export interface IpAddress {
  readonly version: 4 | 6;
  /** The address as an unsigned integer (32 or 128 bits). */
  readonly value: bigint;
}

/** A range: `base` with its low bits cleared, and how many leading bits must match. */
export interface Cidr {
  readonly base: IpAddress;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Parses an IP literal in any form a URL or socket would take: IPv4 in decimal, hex, octal and
 * short forms (`127.1`), with an optional trailing dot; IPv6 with or without brackets, `::`
 * compression, an embedded dotted IPv4 tail and a zone (`%eth0`, ignored). Case-insensitive.
 * Returns undefined for anything else (host names included).
 *
 * @example parseIpAddress('0x7f.1') // { version: 4, value: 2130706433n }
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  let host = text.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.includes(':')) return parseIPv6(host);
  return parseIPv4(host);
}

function parseIPv4(host: string): IpAddress | undefined {
  const parts = host.split('.');
  // WHATWG: one trailing dot is dropped ("127.0.0.1." is 127.0.0.1).
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: bigint[] = [];
  for (const part of parts) {
    const n = parseIPv4Part(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255n)) return undefined;
  const lastBits = BigInt(8 * (4 - numbers.length));
  if (last >= 1n << lastBits) return undefined;
  let value = 0n;
  numbers.forEach((n, i) => (value |= n << BigInt(24 - 8 * i)));
  return { version: 4, value: value | last };
}

function parseIPv4Part(part: string): bigint | undefined {
  if (/^0x[0-9a-f]*$/.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (/^0[0-7]+$/.test(part)) return BigInt(`0o${part.slice(1)}`);
  if (/^(0|[1-9][0-9]*)$/.test(part)) return BigInt(part);
  return undefined;
}

function parseIPv6(input: string): IpAddress | undefined {
  const host = input.split('%')[0]!;
  if (!/^[0-9a-f:.]+$/.test(host)) return undefined;
  const halves = host.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const pieces = s.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        // A dotted IPv4 tail: strict decimal, and only as the last piece.
        if (i !== pieces.length - 1 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(piece)) return undefined;
        const bytes = piece.split('.').map(Number);
        if (bytes.some((b) => b > 255)) return undefined;
        out.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
      } else {
        if (!/^[0-9a-f]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
  return { version: 6, value };
}

/** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) as the IPv4 address it reaches; others unchanged. */
export function unmapIpAddress(ip: IpAddress): IpAddress {
  if (ip.version === 6 && ip.value >> 32n === 0xffffn) return { version: 4, value: ip.value & 0xffffffffn };
  return ip;
}

/** The top 96 bits of 64:ff9b::/96 (RFC 6052, the well-known NAT64 prefix). */
const NAT64_PREFIX = 0x0064ff9b_0000_0000_0000_0000n;

/**
 * The IPv4 address an IPv6 spelling carries inside it and reaches: NAT64 (`64:ff9b::a.b.c.d`),
 * 6to4 (`2002:AABB:CCDD::/48`) and IPv4-compatible (`::a.b.c.d`, but `::` and `::1`); undefined
 * for any other address. A gateway on the path turns these into the IPv4 address, so the policies
 * treat them as that address too.
 *
 * @example embeddedIPv4(parseIpAddress('[64:ff9b::a9fe:a9fe]')!) // { version: 4, value: 0xa9fea9fen } (169.254.169.254)
 */
export function embeddedIPv4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6) return undefined;
  if (ip.value >> 32n === NAT64_PREFIX) return { version: 4, value: ip.value & 0xffffffffn };
  if (ip.value >> 112n === 0x2002n) return { version: 4, value: (ip.value >> 80n) & 0xffffffffn };
  if (ip.value >> 32n === 0n && ip.value > 1n) return { version: 4, value: ip.value };
  return undefined;
}

/** Canonical text: dotted IPv4, RFC 5952 IPv6 (mapped addresses as `::ffff:1.2.3.4`). */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.version === 4) return formatIPv4(ip.value);
  if (ip.value >> 32n === 0xffffn) return `::ffff:${formatIPv4(ip.value & 0xffffffffn)}`;
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups (the first on a tie) becomes "::".
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

/**
 * Parses `10.0.0.0/8`, `fe80::/10`, `[fd00::]/8` or a bare address (a range of one). A range of
 * IPv4-mapped IPv6 addresses (`::ffff:0:0/96` and narrower) becomes the IPv4 range it maps, so it
 * matches both spellings. Returns undefined when the text is not a range.
 *
 * @example cidrContains(parseCidr('169.254.0.0/16')!, parseIpAddress('[::ffff:a9fe:a9fe]')!) // true
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf('/');
  const ipText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIpAddress(ipText);
  if (!ip) return undefined;
  let prefix: number = BITS[ip.version];
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > prefix) return undefined;
    prefix = Number(p);
  }
  if (ip.version === 6 && prefix >= 96 && ip.value >> 32n === 0xffffn) {
    return normalised({ version: 4, value: ip.value & 0xffffffffn }, prefix - 96);
  }
  return normalised(ip, prefix);
}

function normalised(ip: IpAddress, prefix: number): Cidr {
  return { base: { version: ip.version, value: ip.value & mask(ip.version, prefix) }, prefix };
}

function mask(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[version]);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

/**
 * Is `ip` inside `cidr`? Unmapped first (`::ffff:10.0.0.1` is in 10.0.0.0/8), and an IPv6
 * spelling that carries an IPv4 address (`embeddedIPv4`: NAT64, 6to4, IPv4-compatible) is in an
 * IPv4 range when that address is.
 */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  const address = unmapIpAddress(ip);
  if (address.version === cidr.base.version && (address.value & mask(address.version, cidr.prefix)) === cidr.base.value) return true;
  const inner = cidr.base.version === 4 ? embeddedIPv4(address) : undefined;
  return inner !== undefined && (inner.value & mask(4, cidr.prefix)) === cidr.base.value;
}
