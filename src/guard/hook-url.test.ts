import { describe, expect, it } from 'vitest';
import { isValidHookUrl } from './hook-url.js';

describe('isValidHookUrl', () => {
  it.each([
    ['http://127.0.0.1:3000/hook', true],
    ['https://example.com/hook?token=x', true],
    ['http://localhost/hook', true],
    ['example.com/hook', false],
    ['mailto:a@example.com', false],
    ['ftp://example.com/x', false],
    ['', false],
    ['http://', false],
  ])('loose: %s -> %s', (url, expected) => {
    expect(isValidHookUrl(url, false)).toBe(expected);
  });

  it.each([
    ['https://hooks.example.com/x', true],
    ['https://8.8.8.8/x', true],
    ['https://[2001:db8::1]/x', false], // 2001:db8::/32 is the documentation range, not a public host
    ['https://[2606:4700::1111]/x', true],
    ['http://hooks.example.com/x', false],
    ['https://localhost/x', false],
    ['https://app.localhost/x', false],
    ['https://127.0.0.1/x', false],
    ['https://172.20.1.1/x', false],
    ['https://169.254.169.254/x', false],
    ['https://[::1]/x', false],
    ['https://[fd00::1]/x', false],
    ['https://printer.local/x', false],
    ['https://single/x', false],
  ])('strict: %s -> %s', (url, expected) => {
    expect(isValidHookUrl(url, true)).toBe(expected);
  });
});
