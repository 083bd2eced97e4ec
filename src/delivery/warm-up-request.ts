import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transport } from './transport.js';

/** The kinds of transport already warmed in this process. */
const warmedKinds = new Set<string>();

/**
 * Sends one attempt through `transport` to a throwaway server of its own on 127.0.0.1, then closes
 * that server: a transport's first request costs far more than the next (undici compiles its HTTP
 * parser, a WebAssembly module, on its first connection, and the send path is not yet compiled:
 * 30-85 ms beside other work against 3-20 ms), and this way that is paid before the first delivery
 * rather than by it. Nothing leaves the machine; nothing is journalled; a failure is ignored.
 * What it warms belongs to the process (the compiled module and code), so it runs once per
 * process for each `kind` of transport: the next emulators started in the same process (tests
 * start many) skip it.
 *
 * @example warmUpRequest(guardTransport(chosen, checkedAnyway), 'auto')
 */
export function warmUpRequest(transport: Transport, kind: string): void {
  if (warmedKinds.has(kind)) return;
  warmedKinds.add(kind);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.on('error', () => undefined);
  server.unref();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    const attempt = transport.send({
      url: `http://127.0.0.1:${port}/warm-up`,
      body: '{}',
      contentType: 'application/json',
      userAgent: 'solarproof-mock warm-up',
      timeoutMs: 10_000,
      rejectUnauthorized: true,
      bodyMode: { mode: 'whole' },
    });
    void attempt.result.finally(() => {
      server.close();
      server.closeAllConnections();
    });
  });
}
