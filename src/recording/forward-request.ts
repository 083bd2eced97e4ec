import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { bodyField, type CaptureAnswer } from './capture-file.js';

/** Headers that belong to one connection, not to the request: never forwarded or replayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'host']);

/** What to send: a request as the relay received it (or as a capture keeps it). */
export interface OutgoingRequest {
  method: string;
  path: string;
  query: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
}

/**
 * The URL a request goes to under `target`: the target's path, then the request's path and query
 * (`--forward-to http://127.0.0.1:3000/base` + `/hooks/a?t=1` -> `http://127.0.0.1:3000/base/hooks/a?t=1`).
 */
export function forwardUrl(target: string, path: string, query: string): URL {
  const base = new URL(target);
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/$/, '')}${path}`;
  url.search = query === '' ? '' : `?${query}`;
  return url;
}

/**
 * Sends `req` to `target` unchanged (the same method, header names, values and order, and body
 * bytes; only the Host and hop-by-hop headers are the new connection's own) and resolves with
 * the answer and its timing; a network failure resolves `{ error }`, never rejects.
 */
export function forwardRequest(target: string, req: OutgoingRequest, timeoutMs = 30_000): Promise<{ answer: CaptureAnswer; bytes?: Buffer; headers?: Array<[string, string]> }> {
  const url = forwardUrl(target, req.path, req.query);
  const started = performance.now();
  const took = (): number => Math.round(performance.now() - started);
  const flat: string[] = [];
  for (const [k, v] of req.headers) if (!HOP_BY_HOP.has(k.toLowerCase())) flat.push(k, v);
  flat.push('Host', url.host);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const out = send(url, { method: req.method, headers: flat, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => resolve({ answer: { error: err.message, durationMs: took() } }));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const headers: Array<[string, string]> = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        const { body } = bodyField(bytes);
        resolve({ answer: { status: res.statusCode ?? 0, headers, body, durationMs: took() }, bytes, headers });
      });
    });
    out.on('timeout', () => out.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    out.on('error', (err) => resolve({ answer: { error: err.message, durationMs: took() } }));
    out.end(req.body);
  });
}
