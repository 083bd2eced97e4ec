import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmulatorError } from '../core/errors.js';

/** A certificate and key to serve HTTPS with, and the certificate's file (for clients to trust). */
export interface ServerTls {
  cert: string;
  key: string;
  /** Absolute path of the certificate (PEM): what `--tls` prints. */
  certFile: string;
  /** `made` at this start, `kept` from the data dir, or `given` (--tls-cert). */
  origin: 'made' | 'kept' | 'given';
}

export interface TlsSettings {
  tls: boolean;
  tlsCert?: string;
  tlsKey?: string;
  dataDir?: string;
  /** The host the server binds: its name or IP goes into the certificate beside localhost and loopback. */
  host: string;
}

/** Server names a self-signed certificate covers: localhost, the loopback addresses and the bound host. */
function namesFor(host: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const bound = host.replace(/^\[|\]$/g, '');
  if (bound !== '0.0.0.0' && bound !== '::' && bound !== '' && !names.includes(bound)) names.push(bound);
  return names;
}

/**
 * The certificate to serve HTTPS with, or undefined for plain HTTP. `--tls-cert/--tls-key` are
 * read as given; `--tls` makes a self-signed one (RSA 2048, SHA-256, a year) for localhost, the
 * loopback addresses and the bound host, kept in `<dataDir>/tls/` when there is a data dir (and
 * reused while it is valid and covers the names), else in a fresh temporary folder.
 * Throws an EmulatorError (INVALID_CONFIG) naming the file that cannot be read.
 */
export async function serverTls(s: TlsSettings, now: Date = new Date()): Promise<ServerTls | undefined> {
  if (s.tlsCert !== undefined && s.tlsKey !== undefined) {
    const read = (file: string, flag: string): string => {
      try {
        return readFileSync(file, 'utf8');
      } catch (e) {
        throw new EmulatorError('INVALID_CONFIG', `${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a PEM file.`);
      }
    };
    return { cert: read(s.tlsCert, '--tls-cert'), key: read(s.tlsKey, '--tls-key'), certFile: resolve(s.tlsCert), origin: 'given' };
  }
  if (!s.tls) return undefined;
  const names = namesFor(s.host);
  const dir = s.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'solarproof-mock-tls-')) : resolve(s.dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    if (stillGood(cert, names, now)) return { cert, key: readFileSync(keyFile, 'utf8'), certFile, origin: 'kept' };
  }
  // selfsigned (and its X.509 libraries) load only when a certificate is made.
  const { generate } = await import('selfsigned');
  const made = await generate([{ name: 'commonName', value: 'solarproof-mock' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, made.private, { mode: 0o600 });
  writeFileSync(certFile, made.cert);
  return { cert: made.cert, key: made.private, certFile, origin: 'made' };
}

/** A kept certificate is reused while it is valid for another day and names every server name. */
function stillGood(pem: string, names: readonly string[], now: Date): boolean {
  try {
    const x509 = new X509Certificate(pem);
    const validTo = new Date(x509.validTo).getTime();
    const covered = names.every((n) => (isIP(n) ? x509.checkIP(n) !== undefined : x509.checkHost(n) !== undefined));
    return validTo - now.getTime() > 24 * 3600_000 && covered;
  } catch {
    return false;
  }
}
