import { request } from 'node:http';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { startForTest } from '../support/start.js';

/** The emulator with its log captured as parsed records. */
async function startLogged() {
  const records: Array<{ level: number; msg?: string; stack?: unknown; err?: unknown }> = [];
  const lines = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  const emu = await startForTest({ seed: 1, logger: createLogger('debug', 'json', lines) });
  return { emu, records };
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request as written (node:http keeps a malformed path as it is; fetch would fix it). */
function raw(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the edges of both surfaces', () => {
  it('answers an unknown path with JSON on both surfaces: problem+json outside, the Solar Proof envelope under /apidata.php', async () => {
    const { emu } = await startLogged();
    const outside = await raw(emu.url, 'GET', '/nope', { accept: 'application/json' });
    expect(outside.status).toBe(404);
    expect(outside.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(outside.body)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const under = await raw(emu.url, 'POST', '/apidata.php/extra?action=subscribe_customer&api_key=sp_test_key');
    expect(under.status).toBe(404);
    expect(under.headers['content-type']).toContain('application/json');
    expect(JSON.parse(under.body)).toEqual({ success: false, message: 'Not found' });
    const head = await raw(emu.url, 'HEAD', '/nope');
    expect(head.status).toBe(404);
  });

  it('answers HEAD like GET where GET is served, the live stream included', async () => {
    const { emu } = await startLogged();
    const stream = await raw(emu.url, 'HEAD', '/_emulator/stream');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.body).toBe('');
    const health = await raw(emu.url, 'HEAD', '/_emulator/health');
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toContain('application/json');
  });

  it('marks every control-API answer nosniff (they carry receivers\' raw bodies inside JSON)', async () => {
    const { emu } = await startLogged();
    for (const path of ['/_emulator/health', '/_emulator/deliveries', '/_emulator/nope', '/_emulator/ui/']) {
      const res = await raw(emu.url, 'GET', path);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it.each([
    ['a bad percent-encoding in a control path', 'GET', '/_emulator/deliveries/%E0%A4%A', {}, undefined],
    ['a bad percent-encoding outside both surfaces', 'GET', '/%E0%A4%A', {}, undefined],
    ['an unknown charset', 'POST', '/_emulator/events', { 'content-type': 'application/json; charset=klingon' }, '{"type":"customer_created"}'],
    ['Content-Encoding gzip on a plain control body', 'POST', '/_emulator/events', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{"type":"customer_created"}'],
    ['Content-Encoding gzip on a plain /apidata.php body', 'POST', '/apidata.php?action=subscribe_customer&api_key=sp_test_key', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{"hookUrl":"http://127.0.0.1:9/x","type":"customer_created"}'],
    ['an unknown Content-Encoding', 'POST', '/_emulator/events', { 'content-type': 'application/json', 'content-encoding': 'br2' }, '{}'],
  ])('answers %s with a JSON 4xx and logs it below error', async (_what, method, path, headers, body) => {
    const { emu, records } = await startLogged();
    const res = await raw(emu.url, method, path, headers as Record<string, string>, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(() => JSON.parse(res.body)).not.toThrow();
    // The request line is written when the answer finishes: wait for it, then look at every line.
    await expect.poll(() => records.some((r) => r.msg === 'request')).toBe(true);
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
  });
});
