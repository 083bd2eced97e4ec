import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../core/pretty-log-stream.js';
import { logRedaction, maskKey, maskSecrets, maskText, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it('masks every query value and keeps the names', () => {
    expect(redactUrl('https://hooks.example.com/in?token=abc&v=2&flag')).toBe('https://hooks.example.com/in?token=***&v=***&flag');
  });

  it('masks userinfo, with and without a password', () => {
    expect(redactUrl('https://user:pa55@hooks.example.com/in')).toBe('https://***:***@hooks.example.com/in');
    expect(redactUrl('https://tok3n@hooks.example.com/in')).toBe('https://***@hooks.example.com/in');
    expect(redactUrl('http://a:b@c@127.0.0.1:9000/x?y=1')).toBe('http://***:***@127.0.0.1:9000/x?y=***');
  });

  it('masks the fragment and keeps host, port and path as written', () => {
    expect(redactUrl('http://127.0.0.1:9000/Hook/Path#access_token=x')).toBe('http://127.0.0.1:9000/Hook/Path#***');
    expect(redactUrl('http://[::1]:9000/hook')).toBe('http://[::1]:9000/hook');
  });

  it('leaves what is not an absolute URL unchanged', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('maskText', () => {
  it('masks api_key in a request path and keeps the action', () => {
    expect(maskText('/apidata.php?action=subscribe_customer&api_key=sp_live_1')).toBe('/apidata.php?action=subscribe_customer&api_key=***');
    expect(maskText('/apidata.php?API_KEY=x&action=y')).toBe('/apidata.php?API_KEY=***&action=y');
  });

  it('masks a secret parameter whose name is percent-encoded (the server decodes it to api_key)', () => {
    expect(maskText('/apidata.php?action=x&api%5Fkey=sp_live_1')).toBe('/apidata.php?action=x&api%5Fkey=***');
    expect(maskText('/apidata.php?%61pi_key=sp_live_1&action=x')).toBe('/apidata.php?%61pi_key=***&action=x');
  });

  it('masks a URL-encoded hook URL passed as a query parameter', () => {
    const encoded = encodeURIComponent('https://u:p@h.example/x?token=abc');
    expect(maskText(`/x?hookUrl=${encoded}&a=1`)).toBe(`/x?hookUrl=${encodeURIComponent('https://***:***@h.example/x?token=***')}&a=1`);
  });

  it('masks URLs and bearer tokens inside free text', () => {
    expect(maskText('POST https://u:p@h.example/x?token=abc failed: 500')).toBe('POST https://***:***@h.example/x?token=*** failed: 500');
    expect(maskText('sent Authorization: Bearer abc.def-123')).toBe('sent Authorization: Bearer ***');
    expect(maskText('Basic dXNlcjpwYXNz given')).toBe('Basic *** given');
  });
});

describe('maskSecrets', () => {
  it('masks secret-named fields wholly, at any depth and in any case', () => {
    expect(maskSecrets({ headers: { Authorization: 'Bearer t', cookie: 'c=1', 'content-type': 'application/json' }, adminToken: 's', api_key: 'k' })).toEqual({
      headers: { Authorization: '***', cookie: '***', 'content-type': 'application/json' },
      adminToken: '***',
      api_key: '***',
    });
  });

  it('shows at most the first and last few characters of API keys, one by one or in a list', () => {
    expect(maskSecrets({ apiKeys: ['k_secret_live_7731', 'short'], apiKey: 'sp_live_abcdef_1234' })).toEqual({ apiKeys: ['k_s…31', '***'], apiKey: 'sp_…34' });
    expect(maskKey('sp_test_key')).toBe('***');
  });

  it('masks hook URLs and request URLs in delivery and request log records', () => {
    expect(maskSecrets({ delivery: 'd_1', hookUrl: 'https://u:p@h.example/in?sig=1', attempts: 3 })).toEqual({ delivery: 'd_1', hookUrl: 'https://***:***@h.example/in?sig=***', attempts: 3 });
    expect(maskSecrets({ method: 'POST', url: '/apidata.php?action=x&api_key=sp_test_key', status: 200 })).toEqual({ method: 'POST', url: '/apidata.php?action=x&api_key=***', status: 200 });
    expect(maskSecrets({ hookUrls: ['http://h.example/?a=1'] })).toEqual({ hookUrls: ['http://h.example/?a=***'] });
  });

  it('serialises errors as pino does, then masks their message and stack', () => {
    const masked = maskSecrets({ err: new Error('POST http://u:p@h.example/?t=1 refused') }) as { err: { message: string; type: string; stack: string } };
    expect(masked.err.type).toBe('Error');
    expect(masked.err.message).toBe('POST http://***:***@h.example/?t=*** refused');
    expect(masked.err.stack).not.toContain('u:p@');
  });

  it('does not change its input, and masks shared and circular references', () => {
    const shared = { hookUrl: 'http://h.example/?a=1' };
    const input: Record<string, unknown> = { one: shared, two: shared };
    input.self = input;
    const out = maskSecrets(input) as { one: typeof shared; two: typeof shared; self: unknown };
    expect(shared.hookUrl).toBe('http://h.example/?a=1');
    expect(out.one.hookUrl).toBe('http://h.example/?a=***');
    expect(out.two.hookUrl).toBe('http://h.example/?a=***');
    expect(out.self).toBe(out);
  });

  it('keeps numbers, booleans, dates and nulls', () => {
    const when = new Date(0);
    expect(maskSecrets({ n: 1, b: true, d: when, z: null })).toEqual({ n: 1, b: true, d: when, z: null });
  });
});

describe('logRedaction with a real pino logger', () => {
  function capture(): { lines: string[]; stream: Writable } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    return { lines, stream };
  }

  it('masks every line, json and pretty: request URLs, Authorization headers, hook URLs, messages, child bindings, errors', () => {
    const { lines, stream } = capture();
    const logger = pino({ level: 'info', base: { name: 'solarproof-mock' }, ...logRedaction }, stream);
    logger.info({ method: 'GET', url: '/apidata.php?action=x&api_key=sp_secret_1', status: 200 }, 'request');
    logger.info({ headers: { authorization: 'Bearer adm1n' } }, 'control');
    logger.info({ delivery: 'd_1', hookUrl: 'https://user:pw@hooks.example.com/in?token=tok1' }, 'delivery delivered');
    logger.warn('posting to %s failed', 'https://user:pw@hooks.example.com/in?token=tok2');
    logger.child({ hookUrl: 'http://h.example/?token=tok3' }).info('child');
    logger.error(new Error('connect to http://h.example/?token=tok4 refused'));
    logger.warn({ err: new Error('GET http://h.example/?token=tok5') });
    const json = lines.join('\n');
    const pretty = lines.map(formatLogLine).join('\n');
    for (const out of [json, pretty]) {
      for (const secret of ['sp_secret_1', 'adm1n', 'user:pw', 'tok1', 'tok2', 'tok3', 'tok4', 'tok5']) expect(out).not.toContain(secret);
      expect(out).toContain('/apidata.php?action=x&api_key=***');
      expect(out).toContain('https://***:***@hooks.example.com/in?token=***');
    }
    expect(lines).toHaveLength(7);
    expect(JSON.parse(lines[5]!)).toMatchObject({ err: { type: 'Error', message: 'connect to http://h.example/?token=*** refused' } });
  });
});
