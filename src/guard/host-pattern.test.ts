import { describe, expect, it } from 'vitest';
import { findMatchingPattern, matchesHostPattern, normaliseHost, parseHostPattern, type HostPattern } from './host-pattern.js';

const pattern = (text: string): HostPattern => {
  const p = parseHostPattern(text);
  if ('problem' in p) throw new Error(p.problem);
  return p;
};
const matches = (p: string, host: string): boolean => matchesHostPattern(pattern(p), normaliseHost(host));

describe('normaliseHost', () => {
  it('lowercases names and drops trailing dots', () => {
    expect(normaliseHost('LocalHost.')).toEqual({ kind: 'name', name: 'localhost' });
  });

  it('reads any spelling of an address as that address', () => {
    expect(normaliseHost('2130706433')).toMatchObject({ kind: 'ip', text: '127.0.0.1' });
    expect(normaliseHost('[::FFFF:7f00:1]')).toMatchObject({ kind: 'ip', text: '::ffff:127.0.0.1' });
  });
});

describe('host patterns', () => {
  it('matches names exactly, case-insensitively, ignoring a trailing dot', () => {
    expect(matches('receiver', 'RECEIVER')).toBe(true);
    expect(matches('receiver', 'receiver.')).toBe(true);
    expect(matches('receiver', 'receiver2')).toBe(false);
  });

  it('matches a *.wildcard below the name only, at label boundaries', () => {
    expect(matches('*.example.com', 'a.example.com')).toBe(true);
    expect(matches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(matches('*.example.com', 'example.com')).toBe(false);
    expect(matches('*.example.com', 'badexample.com')).toBe(false);
    expect(matches('*.example.com', 'example.com.evil.test')).toBe(false);
  });

  it('matches addresses and ranges in every spelling, names never', () => {
    expect(matches('127.0.0.0/8', '127.1')).toBe(true);
    expect(matches('127.0.0.0/8', '[::ffff:127.0.0.1]')).toBe(true);
    expect(matches('169.254.169.254', '0xa9fea9fe')).toBe(true);
    expect(matches('[::1]', '0:0:0:0:0:0:0:1')).toBe(true);
    expect(matches('fd00::/8', 'fd00::1')).toBe(true);
    expect(matches('10.0.0.0/8', 'ten.example.com')).toBe(false);
    expect(matches('receiver', '10.0.0.1')).toBe(false);
  });

  it('matches everything with "*"', () => {
    expect(matches('*', 'anything.example')).toBe(true);
    expect(matches('*', '::1')).toBe(true);
  });

  it.each(['exa mple.com', 'receiver:4477', '10.0.0.0/40', '*.', 'a/b', '-bad.example', 'http://x.example'])('refuses %j with a problem', (text) => {
    expect(parseHostPattern(text)).toHaveProperty('problem');
  });

  it('says to leave the port out', () => {
    expect(parseHostPattern('receiver:4477')).toEqual({ problem: expect.stringContaining('leave the port out') });
  });

  it('findMatchingPattern returns the entry as written, skipping invalid ones', () => {
    expect(findMatchingPattern(['bad entry', '*.Example.com'], normaliseHost('a.example.com'))).toBe('*.Example.com');
    expect(findMatchingPattern(['bad entry'], normaliseHost('bad entry'))).toBeUndefined();
  });
});
