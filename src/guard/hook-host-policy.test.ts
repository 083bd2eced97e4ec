import { describe, expect, it } from 'vitest';
import { addressAllowed, checkAddress, checkConnectTarget, checkHookHost, hookHostRuleProblems, rememberedHookHostCheck, type HookHostRules } from './hook-host-policy.js';

const open: HookHostRules = { allowedHookHosts: [], deniedHookHosts: [], strict: false };
const strict: HookHostRules = { ...open, strict: true };

describe('checkHookHost, default rules', () => {
  it('accepts local receivers and public hosts over http and https', () => {
    for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost:3000/in', 'https://hooks.example.com/in', 'http://[::1]:9000/', 'http://10.0.0.5/']) {
      expect(checkHookHost(url, open), url).toEqual({ ok: true });
    }
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://0xa9fea9fe/',
    'http://2852039166/',
    'http://169.254.43518/',
    'http://0251.0376.0251.0376/',
    'http://[fe80::1]/',
    'http://[FE80::abcd]/',
    'http://100.100.100.200/',
    'http://[fd00:ec2::254]/',
    'http://metadata.google.internal./computeMetadata/v1/',
    'http://METADATA.GOOGLE.INTERNAL/',
    // IPv6 spellings that embed the IPv4 address they reach: NAT64, 6to4, IPv4-compatible.
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[::169.254.169.254]/',
  ])('refuses the link-local / cloud-metadata target %s by default, naming the setting', (url) => {
    const verdict = checkHookHost(url, open);
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({ reason: expect.stringContaining('delivery.allowedHookHosts') });
  });

  it('lets an explicit range in allowedHookHosts lift the default refusal, but not "*"', () => {
    expect(checkHookHost('http://169.254.169.254/', { ...open, allowedHookHosts: ['169.254.0.0/16'] })).toEqual({ ok: true });
    expect(checkHookHost('http://169.254.169.254/', { ...open, allowedHookHosts: ['*'] }).ok).toBe(false);
  });

  it('refuses what deniedHookHosts lists (names, wildcards, IPs, CIDRs, v4 and v6), winning over allowedHookHosts', () => {
    const rules: HookHostRules = { ...open, allowedHookHosts: ['*'], deniedHookHosts: ['blocked.example', '*.corp.example', '10.0.0.0/8', 'fd00::/8', '192.168.1.1'] };
    for (const url of ['http://blocked.example/', 'http://a.corp.example/', 'http://10.2.3.4/', 'http://012.1/', 'http://[fd12::1]/', 'http://[::ffff:10.0.0.1]/', 'http://192.168.1.1/']) {
      const verdict = checkHookHost(url, rules);
      expect(verdict, url).toMatchObject({ ok: false, reason: expect.stringContaining('delivery.deniedHookHosts') });
    }
    expect(checkHookHost('http://corp.example/', rules)).toEqual({ ok: true });
    expect(checkHookHost('http://192.168.1.2/', rules)).toEqual({ ok: true });
  });

  it('with allowedHookHosts set, refuses every host it does not list', () => {
    const rules: HookHostRules = { ...open, allowedHookHosts: ['receiver', '*.hooks.example', '127.0.0.0/8'] };
    expect(checkHookHost('http://receiver:8080/', rules)).toEqual({ ok: true });
    expect(checkHookHost('http://a.hooks.example/', rules)).toEqual({ ok: true });
    expect(checkHookHost('http://127.0.0.1:9000/', rules)).toEqual({ ok: true });
    expect(checkHookHost('http://other.example/', rules)).toMatchObject({ ok: false, reason: expect.stringContaining('not listed in delivery.allowedHookHosts') });
  });

  it('refuses what is not an absolute http(s) URL', () => {
    for (const url of ['ftp://x.example/', 'not a url', '/relative', 'file:///etc/passwd']) expect(checkHookHost(url, open).ok, url).toBe(false);
  });
});

describe('checkHookHost with strictHookUrls', () => {
  it('accepts https on a public host', () => {
    expect(checkHookHost('https://hooks.example.com/in', strict)).toEqual({ ok: true });
    expect(checkHookHost('https://8.8.8.8/in', strict)).toEqual({ ok: true });
    expect(checkHookHost('https://[2606:4700::1111]/in', strict)).toEqual({ ok: true });
  });

  it('refuses http', () => {
    expect(checkHookHost('http://hooks.example.com/in', strict)).toMatchObject({ ok: false, reason: expect.stringContaining('strictHookUrls') });
  });

  it.each([
    'https://localhost/',
    'https://localhost./',
    'https://LOCALHOST/',
    'https://app.localhost/',
    'https://app.localhost./',
    'https://receiver/',
    'https://receiver.local/',
    'https://receiver.internal./',
    'https://127.0.0.1/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[0:0:0:0:0:ffff:10.0.0.1]/',
    'https://2130706433/',
    'https://0x7f000001/',
    'https://0X7F000001/',
    'https://0177.0.0.1/',
    'https://017700000001/',
    'https://127.1/',
    'https://127.0.0.1./',
    'https://10.1/',
    'https://0/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[::]/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://[::127.0.0.1]/',
    'https://192.168.1.10/',
    'https://172.16.0.1/',
    'https://100.64.0.1/',
    'https://224.0.0.1/',
    'https://255.255.255.255/',
  ])('refuses the non-public host in %s (no spelling bypasses it)', (url) => {
    expect(checkHookHost(url, strict)).toMatchObject({ ok: false, reason: expect.stringContaining('strictHookUrls') });
  });
});

describe('checkAddress (connect time)', () => {
  it('refuses link-local and metadata addresses in every form by default', () => {
    for (const ip of ['169.254.169.254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', 'fe80::1', 'fd00:ec2::254']) {
      expect(addressAllowed(ip, open), ip).toBe(false);
    }
    expect(addressAllowed('127.0.0.1', open)).toBe(true);
    expect(addressAllowed('::1', open)).toBe(true);
  });

  it('names the host, the address and the setting in the reason', () => {
    const verdict = checkAddress('169.254.169.254', open, 'evil.test');
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/evil\.test \(169\.254\.169\.254\).*delivery\.allowedHookHosts/) });
  });

  it('applies deniedHookHosts to the name and to the address', () => {
    expect(addressAllowed('10.0.0.1', { ...open, deniedHookHosts: ['10.0.0.0/8'] }, 'ok.test')).toBe(false);
    expect(addressAllowed('127.0.0.1', { ...open, deniedHookHosts: ['*.test'] }, 'ok.test')).toBe(false);
  });

  it('accepts when allowedHookHosts lists the name or the address', () => {
    expect(addressAllowed('127.0.0.1', { ...open, allowedHookHosts: ['ok.test'] }, 'ok.test')).toBe(true);
    expect(addressAllowed('127.0.0.1', { ...open, allowedHookHosts: ['127.0.0.0/8'] }, 'ok.test')).toBe(true);
    expect(addressAllowed('127.0.0.1', { ...open, allowedHookHosts: ['other.test'] }, 'ok.test')).toBe(false);
  });

  it('with strictHookUrls, refuses a name that resolves to a non-public address (a public-looking name pointed at loopback)', () => {
    expect(checkAddress('127.0.0.1', strict, 'hooks.example.com')).toMatchObject({ ok: false, reason: expect.stringContaining('strictHookUrls') });
    expect(addressAllowed('10.1.2.3', strict, 'hooks.example.com')).toBe(false);
    // A public address needs an allowedHookHosts entry (decision 0025); strict then still applies.
    expect(addressAllowed('8.8.8.8', { ...strict, allowedHookHosts: ['hooks.example.com'] }, 'hooks.example.com')).toBe(true);
    expect(addressAllowed('127.0.0.1', { ...open, allowedHookHosts: ['hooks.example.com'] }, 'hooks.example.com')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(checkAddress('not-an-ip', open).ok).toBe(false);
  });
});

describe('hookHostRuleProblems', () => {
  it('lists every invalid entry by its path', () => {
    expect(hookHostRuleProblems({ allowedHookHosts: ['ok.example', 'bad entry'], deniedHookHosts: ['10.0.0.0/99'] })).toEqual([
      expect.stringContaining('delivery.allowedHookHosts[1]'),
      expect.stringContaining('delivery.deniedHookHosts[0]'),
    ]);
    expect(hookHostRuleProblems({ allowedHookHosts: ['*.x.example', 'fd00::/8'], deniedHookHosts: [] })).toEqual([]);
  });
});

describe('rememberedHookHostCheck', () => {
  it('gives checkHookHost verdicts, remembered per URL until the rules are new objects', () => {
    let rules: HookHostRules = { allowedHookHosts: [], deniedHookHosts: [], strict: false };
    const check = rememberedHookHostCheck(() => rules);
    expect(check('http://127.0.0.1:8080/hook')).toEqual({ ok: true });
    expect(check('http://169.254.169.254/latest')).toMatchObject({ ok: false });
    // A config change: new arrays, so the remembered verdicts go.
    rules = { allowedHookHosts: [], deniedHookHosts: ['127.0.0.1'], strict: false };
    const refused = check('http://127.0.0.1:8080/hook');
    expect(refused.ok).toBe(false);
    expect(refused).toEqual(checkHookHost('http://127.0.0.1:8080/hook', rules));
    rules = { ...rules, strict: true };
    expect(check('http://example.com/hook')).toEqual(checkHookHost('http://example.com/hook', rules));
  });

  it('holds at most maxUrls verdicts and still answers right past it', () => {
    const rules: HookHostRules = { allowedHookHosts: ['10.0.0.0/8'], deniedHookHosts: [], strict: false };
    const check = rememberedHookHostCheck(() => rules, 3);
    for (let i = 0; i < 10; i++) expect(check(`http://10.0.0.${i}/`)).toEqual({ ok: true });
    expect(check('http://192.168.1.1/')).toMatchObject({ ok: false });
  });
});

describe('embedded IPv4 spellings and the connect-time check of IP literals', () => {
  it.each(['https://[64:ff9b::7f00:1]/', 'https://[2002:7f00:1::]/', 'https://[::127.0.0.1]/', 'https://[64:ff9b::a00:1]/'])(
    'refuses %s in strict mode (a loopback or private IPv4 inside an IPv6 spelling)',
    (url) => {
      expect(checkHookHost(url, strict)).toMatchObject({ ok: false, reason: expect.stringContaining('strictHookUrls') });
    },
  );

  it('keeps a public IPv4 inside NAT64 public, and ::1 the loopback it is', () => {
    expect(checkHookHost('https://[64:ff9b::5db8:d822]/', strict)).toEqual({ ok: true });
    expect(checkHookHost('http://[::1]:9000/', open)).toEqual({ ok: true });
  });

  it('checks an IP literal at connect time as the lookup checks a resolved address: strict applies, the scheme does not', () => {
    expect(checkConnectTarget('http://127.0.0.1:9000/hook', strict)).toMatchObject({ ok: false, reason: expect.stringContaining('not a public address') });
    expect(checkConnectTarget('http://[64:ff9b::7f00:1]/', strict).ok).toBe(false);
    expect(checkConnectTarget('http://93.184.216.34/', { ...strict, allowedHookHosts: ['93.184.216.34'] })).toEqual({ ok: true });
    expect(checkConnectTarget('http://receiver:8080/', strict)).toEqual({ ok: true });
    expect(checkConnectTarget('http://127.0.0.1:9000/hook', open)).toEqual({ ok: true });
  });
});

describe('public hook hosts at connect time (decision 0025)', () => {
  const publicReason = expect.stringContaining('is a public host: fake deliveries leave this machine only for hosts listed in delivery.allowedHookHosts');

  it('delivers to local hosts without configuration: loopback, private ranges, single-label names, host.docker.internal, *.local, *.internal, *.test', () => {
    for (const url of [
      'http://127.0.0.1:9000/hook', 'http://[::1]:9000/', 'http://localhost:3000/', 'http://10.1.2.3/', 'http://192.168.1.20/', 'http://172.20.0.5/',
      'http://[fd12::5]/', 'http://100.64.1.1/', 'http://receiver:8080/hooks', 'http://host.docker.internal:3000/', 'http://printer.local/',
      'http://api.ci.internal/', 'http://receiver.test/', 'http://app.localhost/',
    ]) {
      expect(checkConnectTarget(url, open), url).toEqual({ ok: true });
    }
    expect(checkAddress('172.18.0.3', open, 'receiver')).toEqual({ ok: true });
  });

  it('refuses a public name or address, naming the setting, while subscribing to it still passes', () => {
    for (const url of ['https://your-domain.com/webhooks/solarproof', 'http://93.184.216.34/', 'http://[2606:4700::1111]/', 'https://hooks.example.com/in']) {
      expect(checkConnectTarget(url, open), url).toMatchObject({ ok: false, reason: publicReason });
      expect(checkHookHost(url, open), url).toEqual({ ok: true });
    }
    expect(checkConnectTarget('https://your-domain.com/x', open)).toMatchObject({ reason: expect.stringContaining('--allow-hook-host your-domain.com') });
  });

  it('refuses a public-looking name that resolves to loopback, and a local name that resolves to a public address', () => {
    expect(checkAddress('127.0.0.1', open, 'prod.example.com')).toMatchObject({ ok: false, reason: publicReason });
    expect(checkAddress('93.184.216.34', open, 'receiver.test')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('93.184.216.34 (receiver.test resolves to it) is a public host'),
    });
  });

  it('delivers to a public host that allowedHookHosts lists; link-local and metadata stay refused under a wildcard', () => {
    const listed = { ...open, allowedHookHosts: ['*.partner.example.com', '93.184.216.0/24'] };
    expect(checkConnectTarget('https://hooks.partner.example.com/in', listed)).toEqual({ ok: true });
    expect(checkAddress('93.184.216.34', listed, 'hooks.partner.example.com')).toEqual({ ok: true });
    expect(checkConnectTarget('http://93.184.216.34/', listed)).toEqual({ ok: true });
    expect(checkConnectTarget('http://169.254.169.254/', { ...open, allowedHookHosts: ['*'] }).ok).toBe(false);
    expect(checkAddress('169.254.169.254', { ...open, allowedHookHosts: ['*'] }, 'evil.example.com').ok).toBe(false);
  });
});

describe('a long allowedHookHosts list', () => {
  it('names its first five entries and how many more in a refusal, not all of them', () => {
    const allowedHookHosts = Array.from({ length: 50_000 }, (_, i) => `h${i}.example.com`);
    const verdict = checkHookHost('http://other.example.com/', { ...open, allowedHookHosts });
    expect(verdict).toEqual({ ok: false, reason: 'other.example.com is not listed in delivery.allowedHookHosts (h0.example.com, h1.example.com, h2.example.com, h3.example.com, h4.example.com and 49995 more)' });
    expect(checkHookHost('http://h49999.example.com/', { ...open, allowedHookHosts })).toEqual({ ok: true });
  });
});
