import type { LookupAddress, LookupOptions } from 'node:dns';
import { request } from 'node:http';
import { got } from 'got';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedLookup, type BaseLookup, type LookupCallback } from '../../src/guard/guarded-lookup.js';
import { isLoopbackHost } from '../../src/guard/host-rules.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

/** Fake DNS: no real name is ever resolved. */
const TABLE: Record<string, LookupAddress[]> = {
  'ok.test': [{ address: '127.0.0.1', family: 4 }],
  'evil.test': [{ address: '169.254.169.254', family: 4 }],
};
const fakeLookup: BaseLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
  const found = TABLE[hostname];
  if (!found) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
  if (options.all) return callback(null, found);
  callback(null, found[0]!.address, found[0]!.family);
};

const guarded = createGuardedLookup({ allowedHookHosts: [], deniedHookHosts: [], strict: false }, fakeLookup);

/** Safety net: if the guard ever let a non-loopback address through, fail here instead of connecting. */
const lookup = ((hostname: string, options: LookupOptions, callback: LookupCallback) =>
  guarded(hostname, options, (err, address, family) => {
    const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
    if (!err && addresses.some((a) => !isLoopbackHost(a))) return callback(new Error(`test safety net: would connect to ${addresses.join(', ')}`), '');
    callback(err, address, family);
  })) as BaseLookup;

let receiver: TestReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function post(url: string): Promise<{ status?: number; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', lookup, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    req.end('{}');
  });
}

describe('createGuardedLookup as the lookup of real HTTP clients', () => {
  it('node:http: delivers to a name that resolves to 127.0.0.1, refuses one that resolves to 169.254.169.254', async () => {
    receiver = await startTestReceiver();
    const port = new URL(receiver.hookUrl()).port;
    expect(await post(`http://ok.test:${port}/hook`)).toEqual({ status: 200 });
    const blocked = await post(`http://evil.test:${port}/hook`);
    expect(blocked.error).toMatchObject({ code: 'EHOSTBLOCKED' });
    expect(blocked.error!.message).toContain('169.254.169.254');
    expect(receiver.requestsTo('/hook')).toHaveLength(1);
  });

  it('got (dnsLookup): the same, with the error code on the RequestError', async () => {
    receiver = await startTestReceiver();
    const port = new URL(receiver.hookUrl()).port;
    const client = got.extend({ dnsLookup: lookup, retry: { limit: 0 }, throwHttpErrors: false });
    expect((await client.post(`http://ok.test:${port}/hook`, { body: '{}' })).statusCode).toBe(200);
    await expect(client.post(`http://evil.test:${port}/hook`, { body: '{}' })).rejects.toMatchObject({ code: 'EHOSTBLOCKED' });
    expect(receiver.requestsTo('/hook')).toHaveLength(1);
  });
});
