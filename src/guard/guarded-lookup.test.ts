import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { createGuardedLookup, type BaseLookup, type LookupCallback } from './guarded-lookup.js';
import type { HookHostRules } from './hook-host-policy.js';

const rules: HookHostRules = { allowedHookHosts: [], deniedHookHosts: [], strict: false };

/** A fake resolver: never asks real DNS. Records the options it was called with. */
function fakeLookup(table: Record<string, LookupAddress[]>): BaseLookup & { calls: LookupOptions[] } {
  const calls: LookupOptions[] = [];
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    calls.push(options);
    const found = table[hostname];
    queueMicrotask(() => {
      if (!found) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, found);
      callback(null, found[0]!.address, found[0]!.family);
    });
  };
  return Object.assign(lookup, { calls });
}

const table = {
  'evil.test': [{ address: '169.254.169.254', family: 4 }],
  'ok.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.test': [
    { address: '127.0.0.1', family: 4 },
    { address: 'fe80::1', family: 6 },
  ],
  'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
};

type Result = { err: NodeJS.ErrnoException | null; address?: unknown; family?: unknown };
const call = (fn: (cb: (err: NodeJS.ErrnoException | null, address?: unknown, family?: unknown) => void) => void): Promise<Result> =>
  new Promise((resolve) => fn((err, address, family) => resolve({ err, address, family })));

describe('createGuardedLookup', () => {
  it('passes an allowed address through, in every call form', async () => {
    const base = fakeLookup(table);
    const lookup = createGuardedLookup(rules, base);
    expect(await call((cb) => lookup('ok.test', cb))).toEqual({ err: null, address: '127.0.0.1', family: 4 });
    expect(await call((cb) => lookup('ok.test', 4, cb))).toEqual({ err: null, address: '127.0.0.1', family: 4 });
    expect(await call((cb) => lookup('ok.test', { all: false }, cb))).toEqual({ err: null, address: '127.0.0.1', family: 4 });
    expect(await call((cb) => lookup('ok.test', { all: true }, cb))).toMatchObject({ err: null, address: [{ address: '127.0.0.1', family: 4 }] });
    expect(base.calls).toEqual([{}, { family: 4 }, { all: false }, { all: true }]);
  });

  it('fails with EHOSTBLOCKED naming the address and the setting when the name resolves to a metadata address', async () => {
    const lookup = createGuardedLookup(rules, fakeLookup(table));
    for (const options of [{ all: false }, { all: true }]) {
      const { err } = await call((cb) => lookup('evil.test', options, cb));
      expect(err).toMatchObject({ code: 'EHOSTBLOCKED', hostname: 'evil.test', address: '169.254.169.254' });
      expect(err!.message).toContain('169.254.169.254');
      expect(err!.message).toContain('delivery.allowedHookHosts');
    }
  });

  it('fails when any one of several addresses is denied, and on IPv4-mapped forms', async () => {
    const lookup = createGuardedLookup(rules, fakeLookup(table));
    expect((await call((cb) => lookup('mixed.test', { all: true }, cb))).err).toMatchObject({ code: 'EHOSTBLOCKED', address: 'fe80::1' });
    expect((await call((cb) => lookup('mapped.test', { all: true }, cb))).err).toMatchObject({ code: 'EHOSTBLOCKED' });
  });

  it('applies deniedHookHosts and reads the rules afresh on every call when given a getter', async () => {
    let current: HookHostRules = rules;
    const lookup = createGuardedLookup(() => current, fakeLookup(table));
    expect((await call((cb) => lookup('ok.test', cb))).err).toBeNull();
    current = { ...rules, deniedHookHosts: ['127.0.0.0/8'] };
    const { err } = await call((cb) => lookup('ok.test', cb));
    expect(err).toMatchObject({ code: 'EHOSTBLOCKED' });
    expect(err!.message).toContain('delivery.deniedHookHosts');
  });

  it('passes resolution errors through unchanged', async () => {
    const lookup = createGuardedLookup(rules, fakeLookup(table));
    expect((await call((cb) => lookup('unknown.test', { all: true }, cb))).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});
