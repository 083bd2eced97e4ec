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
  it('checks each attempt: an allowed URL is sent, a refused one is recorded blocked and never sent', async () => {
    let denied = 'b';
    let checks = 0;
    const check = (url: string) => (checks++, url.includes(`//${denied}/`) ? { ok: false as const, reason: 'denied' } : { ok: true as const });
    const t = guardTransport(inner, check);
    sent.length = 0;
    expect((await t.send(request('http://a/')).result).kind).toBe('response');
    expect(await t.send(request('http://b/')).result).toMatchObject({ kind: 'network', failure: 'blocked', error: 'Delivery blocked: denied', durationMs: 0 });
    denied = 'a'; // the rules changed after subscribing
    expect(await t.send(request('http://a/')).result).toMatchObject({ failure: 'blocked' });
    expect((await t.send(request('http://b/')).result).kind).toBe('response');
    expect(checks).toBe(4);
    expect(sent).toEqual(['http://a/', 'http://b/']);
  });
});
