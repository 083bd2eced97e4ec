import { Agent, fetch as undiciFetch } from 'undici';

/** The fetch the client sends with. */
export type Fetch = typeof globalThis.fetch;

/** How the client reaches an emulator served over HTTPS with a certificate the system does not trust. */
export interface ClientTlsOptions {
  /**
   * The certificate(s) to trust, PEM: the file `--tls` prints (`readFileSync(path, 'utf8')`), or
   * your own CA for `--tls-cert`. Without it the system's trust store is used.
   */
  ca?: string | Buffer;
}

/**
 * The global fetch (looked up on each call, so a test may replace it), or, with `ca`, undici's
 * fetch with an agent that trusts exactly those certificates (and still checks the host name).
 *
 * @example const f = clientFetch({ ca: readFileSync('.spmock/tls/cert.pem', 'utf8') });
 */
export function clientFetch(options: ClientTlsOptions): Fetch {
  if (options.ca === undefined) return (input, init) => globalThis.fetch(input, init);
  const dispatcher = new Agent({ connect: { ca: options.ca } });
  return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Fetch;
}
