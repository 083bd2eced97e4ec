import { describe, expect, it } from 'vitest';
import { guardTransport } from './select-transport.js';
import type { Transport, TransportRequest } from './transport.js';

const sent: string[] = [];
const inner: Transport = {
  send: (request) => {
    sent.push(request.url);
    return { result: Promise.resolve({ kind: 'response', status: 200, durationMs: 0, responseBody: '' }), cancel: () => undefined };
  },
  close: () => undefined,
};
const request = (url: string): TransportRequest => ({ url, body: '{}', contentType: 'application/json', userAgent: 't', timeoutMs: 1000, rejectUnauthorized: true, bodyMode: { mode: 'whole' } });

describe('guardTransport', () => {
  it('checks each attempt when it has no rules to remember verdicts by', async () => {
    let checks = 0;
    const t = guardTransport(inner, () => (checks++, { ok: true }));
    await t.send(request('http://a/')).result;
    await t.send(request('http://a/')).result;
    expect(checks).toBe(2);
  });

  it('remembers a verdict per URL while the rules stay the same object, and checks again once they change', async () => {
    let rules = { denied: ['b'] };
    let checks = 0;
    const check = (url: string) => (checks++, rules.denied.some((h) => url.includes(`//${h}/`)) ? { ok: false as const, reason: 'denied' } : { ok: true as const });
    const t = guardTransport(inner, check, () => rules);
    sent.length = 0;
    for (let i = 0; i < 3; i++) {
      expect((await t.send(request('http://a/')).result).kind).toBe('response');
      expect(await t.send(request('http://b/')).result).toMatchObject({ kind: 'network', failure: 'blocked', error: 'Delivery blocked: denied' });
    }
    expect(checks).toBe(2);
    rules = { denied: ['a'] }; // a config change: a new object
    expect(await t.send(request('http://a/')).result).toMatchObject({ failure: 'blocked' });
    expect((await t.send(request('http://b/')).result).kind).toBe('response');
    expect(checks).toBe(4);
    expect(sent).toEqual(['http://a/', 'http://a/', 'http://a/', 'http://b/']);
  });
});
