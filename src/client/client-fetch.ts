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
  const ca = options.ca;
  if (ca === undefined) return (input, init) => globalThis.fetch(input, init);
  // undici loads on first use only (start-up stays light: scripts/build-esm.ts checks it).
  let withCa: Promise<Fetch> | undefined;
  const make = async (): Promise<Fetch> => {
    const { Agent, fetch: undiciFetch } = await import('undici');
    const dispatcher = new Agent({ connect: { ca } });
    return ((input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Fetch;
  };
  return async (input, init) => (await (withCa ??= make()))(input, init);
}
