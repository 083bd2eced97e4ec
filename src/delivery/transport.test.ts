import { describe, expect, it } from 'vitest';
import { classifyNetworkError, shapeBody } from './transport.js';

const body = '{"customer_id":1,"customer_name":"Ana"}';

describe('shapeBody', () => {
  it('sends the body untouched as application/json without a fault', () => {
    expect(shapeBody(body, null, 3000)).toEqual({ body, contentType: 'application/json', bodyMode: { mode: 'whole' } });
  });

  it('truncates to the first half: a complete request whose JSON is cut off', () => {
    const shaped = shapeBody(body, 'truncate', 3000);
    expect(body.startsWith(shaped.body)).toBe(true);
    expect(shaped.body.length).toBe(Math.ceil(body.length / 2));
    expect(() => JSON.parse(shaped.body)).toThrow();
  });

  it('makes malformed JSON with a trailing comma, for objects and arrays', () => {
    expect(shapeBody(body, 'malformedJson', 0).body).toBe('{"customer_id":1,"customer_name":"Ana",}');
    expect(shapeBody('[{"a":1}]', 'malformedJson', 0).body).toBe('[{"a":1},]');
    expect(() => JSON.parse(shapeBody(body, 'malformedJson', 0).body)).toThrow();
  });

  it('labels the body text/plain for a wrong Content-Type', () => {
    expect(shapeBody(body, 'wrongContentType', 0)).toMatchObject({ body, contentType: 'text/plain; charset=utf-8' });
  });

  it('aborts after half the bytes, and dribbles a slow body over slowBodyMs', () => {
    expect(shapeBody('{"n":"ü"}', 'abort', 0).bodyMode).toEqual({ mode: 'abort', afterBytes: 5 });
    expect(shapeBody(body, 'slowBody', 1500).bodyMode).toEqual({ mode: 'slow', overMs: 1500 });
  });
});

describe('classifyNetworkError', () => {
  it('names socket, DNS and TLS failures', () => {
    expect(classifyNetworkError('ECONNREFUSED')).toBe('connection_refused');
    expect(classifyNetworkError('ECONNRESET')).toBe('connection_reset');
    expect(classifyNetworkError('ENOTFOUND')).toBe('dns_error');
    expect(classifyNetworkError('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls_error');
    expect(classifyNetworkError('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('tls_error');
    expect(classifyNetworkError('EHOSTUNREACH')).toBe('network_error');
    expect(classifyNetworkError('EHOSTBLOCKED')).toBe('blocked');
    expect(classifyNetworkError(undefined)).toBe('network_error');
  });
});
