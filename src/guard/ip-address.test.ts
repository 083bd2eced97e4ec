import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, formatIpAddress, parseCidr, parseIpAddress, unmapIpAddress } from './ip-address.js';

const canonical = (text: string): string | undefined => {
  const ip = parseIpAddress(text);
  return ip && formatIpAddress(unmapIpAddress(ip));
};

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0X7F000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0177.0.0.01', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['0xa9fea9fe', '169.254.169.254'],
    ['[::ffff:127.0.0.1]', '127.0.0.1'],
    ['[::ffff:7f00:1]', '127.0.0.1'],
    ['::FFFF:A9FE:A9FE', '169.254.169.254'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', '169.254.169.254'],
  ])('reads %s as %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    ['[::1]', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['FE80::0001', 'fe80::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['::7f00:1', '::7f00:1'],
  ])('reads IPv6 %s as %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each(['localhost', 'example.com', '256.0.0.1', '1.2.3.4.5', '08.0.0.1', '1..2', '', ':::', '1:2:3:4:5:6:7:8:9', '::1::', '[::1', 'fe80::g', '::ffff:1.2.3', '1.2.3.256', '4294967296'])(
    'refuses %j',
    (text) => {
      expect(parseIpAddress(text)).toBeUndefined();
    },
  );

  it('reads the decimal, hex and octal spelling of any IPv4 address as the same address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dotted = [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
        for (const spelling of [String(n), `0x${n.toString(16)}`, `0${n.toString(8)}`]) {
          expect(canonical(spelling)).toBe(dotted);
        }
        expect(canonical(`[::ffff:${dotted}]`)).toBe(dotted);
      }),
      { seed: 11 },
    );
  });

  it('reads "0x" as 0.0.0.0, as the URL parser does', () => {
    expect(canonical('0x')).toBe('0.0.0.0');
    expect(new URL('http://0x/').hostname).toBe('0.0.0.0');
  });

  it('agrees with the WHATWG URL parser on every IPv4 spelling', () => {
    for (const text of ['2130706433', '0x7f000001', '0177.0.0.1', '127.1', '10.1.2', '0xA.0x1.0x2.0x3', '017700000001', '192.168.257']) {
      expect(canonical(text), text).toBe(new URL(`http://${text}/`).hostname);
    }
  });
});

describe('parseCidr and cidrContains', () => {
  const inRange = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr)!, parseIpAddress(ip)!);

  it('matches IPv4 ranges at their edges', () => {
    expect(inRange('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(inRange('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(inRange('172.16.0.0/12', '172.31.0.1')).toBe(true);
    expect(inRange('172.16.0.0/12', '172.32.0.1')).toBe(false);
    expect(inRange('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(inRange('192.168.1.7', '192.168.1.7')).toBe(true);
    expect(inRange('192.168.1.7', '192.168.1.8')).toBe(false);
  });

  it('matches IPv6 ranges at their edges', () => {
    expect(inRange('fe80::/10', 'fe80::1')).toBe(true);
    expect(inRange('fe80::/10', 'febf:ffff::1')).toBe(true);
    expect(inRange('fe80::/10', 'fec0::1')).toBe(false);
    expect(inRange('fd00::/8', '[fd12:3456::1]')).toBe(true);
    expect(inRange('[2001:db8::]/32', '2001:db9::1')).toBe(false);
    expect(inRange('::/0', '2606:4700::1111')).toBe(true);
  });

  it('matches IPv4-mapped IPv6 addresses against IPv4 ranges, and mapped ranges against IPv4', () => {
    expect(inRange('169.254.0.0/16', '::ffff:169.254.169.254')).toBe(true);
    expect(inRange('169.254.0.0/16', '[::ffff:a9fe:a9fe]')).toBe(true);
    expect(inRange('::ffff:169.254.0.0/112', '169.254.1.1')).toBe(true);
    expect(inRange('::ffff:0:0/96', '8.8.8.8')).toBe(true);
  });

  it('never matches across families otherwise', () => {
    expect(inRange('0.0.0.0/0', '::1')).toBe(false);
    expect(inRange('::/0', '127.0.0.1')).toBe(false);
  });

  it('clears host bits of the base', () => {
    expect(formatIpAddress(parseCidr('10.1.2.3/8')!.base)).toBe('10.0.0.0');
  });

  it.each(['10.0.0.0/33', 'fe80::/129', '10.0.0.0/', '10.0.0.0/x', 'example.com/8', '/8'])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});
