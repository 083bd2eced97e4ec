// @ts-check
import { authFetch } from './api.js';

/**
 * Follows a Server-Sent Events stream with fetch() and a stream reader, not EventSource, because
 * EventSource cannot send the admin token header. Reconnects after the server's `retry:` delay
 * (1 s by default) and calls `onOpen` each time it is (re)connected, so the caller can refill
 * what it missed while away.
 *
 * @param {string} url
 * @param {{ onEvent: (event: string, data: string) => void, onOpen?: () => void, onStatus?: (connected: boolean) => void }} handlers
 * @returns {{ close(): void }}
 */
export function followStream(url, handlers) {
  let closed = false;
  let retryMs = 1000;
  /** @type {AbortController | undefined} */
  let connection;

  const run = async () => {
    while (!closed) {
      connection = new AbortController();
      try {
        const res = await authFetch(url, { headers: { accept: 'text/event-stream' }, signal: connection.signal });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        handlers.onStatus?.(true);
        handlers.onOpen?.();
        await readEvents(res.body, handlers.onEvent, (ms) => {
          retryMs = ms;
        });
      } catch {
        // Aborted by close(), or the emulator went away: either way, try again unless closed.
      }
      if (closed) break;
      handlers.onStatus?.(false);
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      connection?.abort();
    },
  };
}

/**
 * Reads `event:`/`data:`/`retry:` lines until the stream ends. Comment lines (`:`) are skipped.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: string, data: string) => void} onEvent
 * @param {(ms: number) => void} onRetry
 */
export async function readEvents(body, onEvent, onRetry) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      /** @type {string[]} */
      const data = [];
      for (const line of message.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'event') event = val;
        else if (name === 'data') data.push(val);
        else if (name === 'retry' && /^\d+$/.test(val)) onRetry(Number(val));
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
  }
}
