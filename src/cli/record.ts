import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyField, captureType, formatCapture, type Capture } from '../recording/capture-file.js';
import { forwardRequest } from '../recording/forward-request.js';
import { capturePersonal, redactCapture } from '../recording/redact-captures.js';
import { defineSubcommand, type Output } from './define-subcommand.js';

export const RECORD_HELP = `Usage:
  solarproof-mock record [--forward-to URL] [--port P] [--host H] [--out FILE.jsonl]
                         [--redact] [--seed N] [--type TYPE]

Runs a relay that records every request it receives (real Solar Proof calling a tunnel to it, or
anything else) as one line of FILE.jsonl: the time, method, path, query, headers and raw body, and
the answer the forward target gave with its timing. Each request is forwarded unchanged (the same
method, path, query, headers and body bytes) to --forward-to, and its caller gets the target's
answer. The first line on stdout is \`solarproof-mock listening on URL\`. Stop with Ctrl-C.

  --forward-to URL  where each request goes on to (URL's path is put before the request's);
                    without it the relay answers 200 itself
  --port P          the port to listen on (default 4478; 0 picks a free one)
  --host H          the address to listen on (default 127.0.0.1)
  --out FILE        the capture file, appended to (default captures.jsonl)
  --redact          replace names, e-mails, phones, street addresses and ABNs with seeded fakes of
                    the same type, length and format (the same original always gives the same fake)
                    before anything is written; the forwarded request is not changed
  --seed N          the redaction seed (default 1)
  --type TYPE       the event type of every capture (default: the path's last segment)

Nothing leaves the machine but what --forward-to names. Exit codes: 0 stopped, 2 usage error.`;

/** The largest body the relay takes (Solar Proof's payloads are a few KB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** `solarproof-mock record`: the recording relay. */
export const runRecord = defineSubcommand({
  name: 'record',
  help: RECORD_HELP,
  options: {
    'forward-to': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    out: { type: 'string' },
    redact: { type: 'boolean' },
    seed: { type: 'string' },
    type: { type: 'string' },
  },
  async run({ values, positionals, out, err, usage }) {
    if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
    const port = Number(values.port ?? 4478);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port must be 0..65535, got "${values.port}"`);
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(seed)) return usage(`--seed must be a whole number, got "${values.seed}"`);
    const target = values['forward-to'];
    if (target !== undefined && !/^https?:\/\/[^/]/.test(target)) return usage(`--forward-to must be an http(s) URL, got "${target}"`);
    const relay = new Relay({ file: values.out ?? 'captures.jsonl', target, redactSeed: values.redact ? seed : undefined, type: values.type, err });
    // A caller that goes away mid-body is no capture; the relay keeps serving.
    const server = createServer((req, res) => void relay.handle(req, res).catch(() => res.destroy()));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, values.host ?? '127.0.0.1', () => resolve());
      });
    } catch (e) {
      err.write(`solarproof-mock record: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${(e as Error).message}\n`);
      return 1;
    }
    const { address, port: bound } = server.address() as AddressInfo;
    out.write(`solarproof-mock listening on http://${address.includes(':') ? `[${address}]` : address}:${bound}\n`);
    err.write(`recording to ${relay.file}${values.redact ? ' (redacted)' : ''}; ${target ? `forwarding to ${target}` : 'answering 200 itself'}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    err.write(`${relay.count} request(s) recorded in ${relay.file}\n`);
    return 0;
  },
});

interface RelayOptions {
  file: string;
  target: string | undefined;
  redactSeed: number | undefined;
  type: string | undefined;
  err: Output;
}

/** Records, forwards and answers one request at a time as they come. */
class Relay {
  count = 0;
  /** Every original seen so far and its fake: a value in one capture is the same fake in all. */
  private readonly fakes = new Map<string, string>();

  constructor(private readonly opts: RelayOptions) {}

  get file(): string {
    return this.opts.file;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = new Date().toISOString();
    const bytes = await readBody(req);
    if (bytes === undefined) {
      res.writeHead(413, { 'content-type': 'text/plain' }).end(`The relay takes bodies up to ${MAX_BODY_BYTES} bytes.\n`);
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const capture: Capture = { v: 1, at, type: this.opts.type ?? captureType({ path }), method: req.method ?? 'POST', path, query, headers, ...bodyField(bytes) };
    const forwarded = this.opts.target ? await forwardRequest(this.opts.target, { method: capture.method, path, query, headers, body: bytes }) : undefined;
    if (forwarded) capture.answer = forwarded.answer;
    // Written before the caller gets its answer: when the answer arrives, the line is in the file.
    this.write(capture);
    if (!forwarded) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    } else if (forwarded.bytes && forwarded.headers && 'status' in forwarded.answer) {
      const kept = forwarded.headers.filter(([k]) => !['connection', 'keep-alive', 'transfer-encoding'].includes(k.toLowerCase())).flat();
      res.writeHead(forwarded.answer.status, kept).end(forwarded.bytes);
    } else {
      const why = 'error' in forwarded.answer ? forwarded.answer.error : 'no answer';
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`solarproof-mock record: ${this.opts.target} did not answer: ${why}\n`);
    }
  }

  private write(capture: Capture): void {
    const seed = this.opts.redactSeed;
    const line = seed === undefined ? capture : redactCapture(capture, capturePersonal(capture, seed, this.fakes));
    appendFileSync(this.opts.file, formatCapture(line));
    this.count++;
    this.opts.err.write(`#${this.count} ${capture.method} ${capture.path} (${capture.type}) ${capture.answer ? ('status' in capture.answer ? capture.answer.status : capture.answer.error) : 200}\n`);
  }
}

/** The whole body, or undefined past MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
