import type { Duplex } from 'node:stream';

/** `HTTP/1.x 100` at the start of an answer, checked on its first 12 bytes. */
const CONTINUE = /^HTTP\/1\.[01] 100$/;
/** A request line as undici writes it (the headers go out as one latin1 string). */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.1\r\n/;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Drops `100 Continue` interim answers from a connection before undici's parser sees them.
 * undici (7.x, HTTP/1.1) destroys a connection whose answer starts with `100` unless the request
 * sent `Expect: 100-continue` (which Solar Proof does not send), so an attempt to a receiver that
 * sends `100 Continue` unasked before its `200` was recorded `connection_reset`; node:http (and so
 * got) skips it, as RFC 9110 says a client must. Other 1xx answers (102, 103) undici skips itself.
 *
 * Only the start of an answer is looked at: the first bytes read after a request line was written
 * (undici sends one request at a time on a connection: no pipelining). Everything else passes
 * through `socket.read()` untouched.
 */
export function dropContinueAnswers(socket: Duplex): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  const read = socket.read.bind(socket);
  let atAnswerStart = false;
  let held: Buffer | null = null;
  socket.write = ((...args: unknown[]) => {
    const chunk = args[0];
    if (typeof chunk === 'string' && REQUEST_LINE.test(chunk.slice(0, 2100))) atAnswerStart = true;
    return write(...args);
  }) as Duplex['write'];
  socket.read = ((size?: number) => {
    const chunk = read(size) as Buffer | string | null;
    if (!atAnswerStart) return chunk;
    let buf: Buffer = held ?? Buffer.alloc(0);
    if (chunk !== null) buf = Buffer.concat([buf, typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk]);
    held = null;
    for (;;) {
      if (buf.length < 12) {
        held = buf.length > 0 ? buf : null;
        return null; // too little to tell; 'readable' fires again when more arrives
      }
      if (!CONTINUE.test(buf.subarray(0, 12).toString('latin1'))) {
        atAnswerStart = false;
        return buf;
      }
      const end = buf.indexOf(HEAD_END);
      if (end < 0) {
        held = buf;
        return null;
      }
      buf = buf.subarray(end + HEAD_END.length);
    }
  }) as Duplex['read'];
}
