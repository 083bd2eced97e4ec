import type { DeliveryView } from '../contract/wire-types.js';
import { EmulatorApiError } from './emulator-api-error.js';

/** One message of `GET /_emulator/stream`: a delivery was created, made an attempt, or settled. */
export interface DeliveryChange {
  change: 'created' | 'attempt' | 'settled';
  /** The delivery as it is after the change (without `payload` unless asked for). */
  delivery: DeliveryView;
}

/** Delivery changes as they happen; `for await` over it, `close()` (or break, or abort) to stop. */
export interface DeliveryStream extends AsyncIterable<DeliveryChange> {
  /** Ends the iteration and closes the connection; safe to call more than once. */
  close(): void;
}

/**
 * Opens the Server-Sent Events stream at `url` and resolves once the emulator has accepted it, so
 * every change after that point is seen. A refused stream (a bad filter) rejects with
 * EmulatorApiError; `signal` aborting ends the iteration quietly.
 */
export async function openDeliveryStream(url: string, signal?: AbortSignal, headers: Record<string, string> = {}, send: typeof fetch = (i, init) => globalThis.fetch(i, init)): Promise<DeliveryStream> {
  const connection = new AbortController();
  const ready: DeliveryChange[] = [];
  let ended = false;
  const close = (): void => {
    ended = true;
    ready.length = 0;
    signal?.removeEventListener('abort', close);
    connection.abort();
  };
  signal?.addEventListener('abort', close, { once: true });
  let res: Response;
  try {
    if (signal?.aborted) close();
    res = await send(url, { signal: connection.signal, headers: { ...headers, accept: 'text/event-stream' } });
  } catch (e) {
    close();
    throw e;
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    close();
    throw EmulatorApiError.fromAnswer(res.status, text);
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';

  const iterator: AsyncIterator<DeliveryChange> = {
    async next() {
      while (ready.length === 0 && !ended) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (e) {
          // Aborting (ours, or the caller's signal) cancels the body read: that is the end, not an error.
          if (connection.signal.aborted) break;
          throw e;
        }
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const change = parseMessage(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (change) ready.push(change);
        }
      }
      const value = ready.shift();
      if (value) return { done: false, value };
      close();
      return { done: true, value: undefined };
    },
    async return() {
      close();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator, close };
}

/** One SSE message (`event:`/`data:` lines; `:` lines are comments) -> a change, or undefined for anything else. */
function parseMessage(message: string): DeliveryChange | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of message.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (event !== 'delivery' || data.length === 0) return undefined;
  return JSON.parse(data.join('\n')) as DeliveryChange;
}
