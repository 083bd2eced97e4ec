import { describe, expect, it } from 'vitest';
import { hostAllowed, isLoopbackHost, splitHostHeader } from './host-rules.js';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'app.localhost', '127.0.0.1', '127.9.8.7', '127.1', '[::1]', '::1', '[::ffff:127.0.0.1]'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['localhost.example.com', 'mylocalhost', '128.0.0.1', '0.0.0.0', '::', '10.0.0.1', 'example.com', '[::2]'])('%s is not loopback', (host) =>
    expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('splitHostHeader', () => {
  it('splits host and port, IPv6 in brackets', () => {
    expect(splitHostHeader('localhost:4477')).toEqual({ host: 'localhost', port: '4477' });
    expect(splitHostHeader('[::1]:4477')).toEqual({ host: '[::1]', port: '4477' });
    expect(splitHostHeader('[::1]')).toEqual({ host: '[::1]', port: undefined });
    expect(splitHostHeader('example.com')).toEqual({ host: 'example.com', port: undefined });
  });

  it.each(['::1', 'a b', 'user@host', 'host/path', 'host:port', '[::1]x', ''])('refuses %j', (value) => {
    expect(splitHostHeader(value)).toBeUndefined();
  });
});

describe('hostAllowed', () => {
  const loopback = { allowedHosts: [], boundHost: '127.0.0.1' };

  it('bound to loopback: accepts loopback names with or without port', () => {
    for (const host of ['127.0.0.1:4477', 'localhost:4477', 'localhost', '[::1]:4477', '[::1]', 'app.localhost:3000', '127.0.0.1']) {
      expect(hostAllowed(host, loopback), host).toBe(true);
    }
  });

  it('bound to loopback: refuses any other name (DNS rebinding)', () => {
    for (const host of ['evil.example:4477', 'evil.example', '192.168.1.10:4477', 'localhost.evil.example', '[::2]:4477', 'bad host']) {
      expect(hostAllowed(host, loopback), host).toBe(false);
    }
  });

  it('bound to loopback: accepts names, wildcards and ranges listed in allowedHosts', () => {
    const settings = { allowedHosts: ['emulator', '*.dev.example', '10.0.0.0/8'], boundHost: 'localhost' };
    expect(hostAllowed('emulator:4477', settings)).toBe(true);
    expect(hostAllowed('EMULATOR', settings)).toBe(true);
    expect(hostAllowed('a.dev.example:80', settings)).toBe(true);
    expect(hostAllowed('10.1.2.3:4477', settings)).toBe(true);
    expect(hostAllowed('emulator2:4477', settings)).toBe(false);
  });

  it('treats an unknown bound host as loopback', () => {
    expect(hostAllowed('evil.example', { allowedHosts: [], boundHost: undefined })).toBe(false);
  });

  it('bound to all interfaces: accepts any Host while allowedHosts is empty', () => {
    for (const boundHost of ['0.0.0.0', '::', '[::]']) {
      expect(hostAllowed('emulator:4477', { allowedHosts: [], boundHost }), boundHost).toBe(true);
      expect(hostAllowed('203.0.113.9:4477', { allowedHosts: [], boundHost }), boundHost).toBe(true);
    }
  });

  it('bound to all interfaces with allowedHosts: only loopback, the bound address and the listed hosts', () => {
    const settings = { allowedHosts: ['emulator'], boundHost: '0.0.0.0' };
    expect(hostAllowed('emulator:4477', settings)).toBe(true);
    expect(hostAllowed('localhost:4477', settings)).toBe(true);
    expect(hostAllowed('evil.example:4477', settings)).toBe(false);
    const lan = { allowedHosts: ['emulator'], boundHost: '192.168.1.10' };
    expect(hostAllowed('192.168.1.10:4477', lan)).toBe(true);
    expect(hostAllowed('192.168.1.11:4477', lan)).toBe(false);
  });

  it('accepts a request without Host (HTTP/1.0; browsers always send one)', () => {
    expect(hostAllowed(undefined, loopback)).toBe(true);
  });
});
