import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the receiver saw of one request. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() of the first body byte and of the end (or the cut). */
  firstByteAt?: number;
  lastByteAt?: number;
  /** 'end' when the whole body arrived, 'cut' when the connection went away part-way. */
  finished?: 'end' | 'cut';
}

export type Answer = (req: IncomingMessage, res: ServerResponse, seen: ReceivedRequest) => void;

export interface TestReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** TCP (or TLS) connections accepted so far. */
  connections(): number;
  /** How the next requests are answered (default: 200 {"ok":true} once the body is in). */
  answer(fn: Answer): void;
  close(): Promise<void>;
}

/**
 * A receiver on 127.0.0.1:0 that records every request (its body as it arrives) and answers as
 * the test says; `answer` runs when the headers are in, so a test can answer before the end.
 */
export async function startTestReceiver(tls?: { key: string; cert: string }): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  let answer: Answer = (req, res) => req.once('end', () => res.end('{"ok":true}'));
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const seen: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' };
    requests.push(seen);
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      seen.firstByteAt ??= performance.now();
      seen.lastByteAt = performance.now();
      seen.body += chunk;
    });
    req.once('end', () => (seen.finished = 'end'));
    req.once('close', () => {
      seen.lastByteAt ??= performance.now();
      seen.finished ??= 'cut';
    });
    answer(req, res, seen);
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  server.on(tls ? 'secureConnection' : 'connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    answer(fn) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A self-signed certificate made for this run (openssl), so no key material lives in the repo. */
export function selfSigned(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'spmock-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until `condition()` holds, polling; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
