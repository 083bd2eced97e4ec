import { z } from 'zod';
import { EmulatorError } from '../core/errors.js';

/**
 * The capture file (JSONL): one line per request the `record` relay received, in the order it
 * received them. A line keeps what a byte-for-byte replay needs: the method, path, raw query,
 * the headers as sent (names in their case, in their order, repeats kept) and the raw body; and
 * what the forward target answered, with its timing.
 *
 * {"v":1,"at":"2026-03-02T10:15:01.118Z","type":"customer_created","method":"POST","path":"/hooks/customer_created",
 *  "query":"token=abc","headers":[["Content-Type","application/json"]],"body":"{\"customer_id\":1}",
 *  "answer":{"status":200,"headers":[["content-type","text/plain"]],"body":"OK","durationMs":12}}
 */

/** What the forward target answered (or why it could not). */
export const captureAnswerSchema = z.union([
  z.strictObject({
    status: z.int(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    body: z.string(),
    durationMs: z.number().min(0),
  }),
  z.strictObject({ error: z.string(), durationMs: z.number().min(0) }),
]);

export const captureSchema = z.strictObject({
  v: z.literal(1),
  /** When the relay received it (wall clock, ISO-8601 UTC). */
  at: z.iso.datetime(),
  /** The event type: the path's last segment, or the relay's --type. */
  type: z.string().optional(),
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  /** The query string as sent, without `?` ("" when none). */
  query: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  /** The body: UTF-8 text, or base64 when `bodyEncoding` says so (bytes that are not UTF-8). */
  body: z.string(),
  bodyEncoding: z.literal('base64').optional(),
  /** Absent when the relay answered itself (no --forward-to). */
  answer: captureAnswerSchema.optional(),
  redacted: z.literal(true).optional(),
});

export type Capture = z.infer<typeof captureSchema>;
export type CaptureAnswer = z.infer<typeof captureAnswerSchema>;

/** A bad line of a capture file: says which line and what is wrong with it. */
export class CaptureFileError extends EmulatorError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super('INVALID_FILE', `${file}:${line}: ${problem}. Each line is one JSON capture written by \`solarproof-mock record\`; fix or delete the line.`);
    this.name = 'CaptureFileError';
  }
}

/** The body's bytes as a capture keeps them: text when they are UTF-8, else base64. */
export function bodyField(bytes: Buffer): Pick<Capture, 'body' | 'bodyEncoding'> {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { body: text } : { body: bytes.toString('base64'), bodyEncoding: 'base64' };
}

/** The exact bytes a capture's body had. */
export function bodyBytes(c: Pick<Capture, 'body' | 'bodyEncoding'>): Buffer {
  return Buffer.from(c.body, c.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/** One capture as a line of the file (with its newline). */
export function formatCapture(c: Capture): string {
  return `${JSON.stringify(c)}\n`;
}

/**
 * Reads a whole capture file. Stops at the first bad line (a truncated write, a hand edit) with a
 * CaptureFileError naming its line number; blank lines are skipped.
 *
 * @example parseCaptures(readFileSync('captures.jsonl', 'utf8'), 'captures.jsonl').length // 3
 */
export function parseCaptures(text: string, file = 'captures'): Capture[] {
  const out: Capture[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new CaptureFileError(file, i + 1, `not JSON (${(err as Error).message}); a truncated line?`);
    }
    const parsed = captureSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CaptureFileError(file, i + 1, `${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    out.push(parsed.data);
  }
  return out;
}

/** The event type a capture is of: its `type`, else its path's last segment. */
export function captureType(c: Pick<Capture, 'type' | 'path'>): string {
  return c.type ?? c.path.split('/').filter(Boolean).at(-1) ?? '';
}

/** The first value of header `name` (any case). */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}
