import { afterEach, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from './test-receiver.js';

let receiver: TestReceiver;
afterEach(async () => receiver?.close());

describe('test receiver', () => {
  it('records requests and answers scripted replies by attempt, then the default', async () => {
    receiver = await startTestReceiver();
    receiver.script('/hook', [{ status: 503, headers: { 'Retry-After': '2' }, body: 'busy' }]);
    const post = (path: string, body: string) =>
      fetch(receiver.hookUrl(path), { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const first = await post('/hook?token=a', '{"a":1}');
    const second = await post('/hook', 'not json');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.text()).toBe('busy');
    expect(second.status).toBe(200);
    const got = await receiver.waitFor(2, { path: '/hook', timeoutMs: 1000 });
    expect(got.map((r) => [r.attempt, r.url, r.json])).toEqual([
      [1, '/hook?token=a', { a: 1 }],
      [2, '/hook', undefined],
    ]);
    expect(got[1]?.jsonError).toBeDefined();
    expect(got[0]?.headers['content-type']).toBe('application/json');
  });

  it('waitFor rejects with a clear message at its timeout', async () => {
    receiver = await startTestReceiver();
    await expect(receiver.waitFor(1, { timeoutMs: 20 })).rejects.toThrow(/waited 20 ms for 1 request/);
  });

  it('destroys the socket when told to', async () => {
    receiver = await startTestReceiver();
    receiver.setDefault({ destroy: true });
    await expect(fetch(receiver.hookUrl(), { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(receiver.requests).toHaveLength(1);
  });
});
