import { describe, expect, it } from 'vitest';
import type { Transport, TransportRequest } from './transport.js';
import { warmUpRequest } from './warm-up-request.js';

/** A transport that really sends nothing: it records each request and answers 200. */
function recordingTransport(): { transport: Transport; sent: TransportRequest[]; first: Promise<void> } {
  const sent: TransportRequest[] = [];
  let told: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (told = resolve));
  const transport: Transport = {
    send(request) {
      sent.push(request);
      told();
      return { result: Promise.resolve({ kind: 'response', status: 200, durationMs: 1, responseBody: 'ok' }), cancel: () => undefined };
    },
    close: () => undefined,
  };
  return { transport, sent, first };
}

describe('warmUpRequest', () => {
  it('sends one request to a server of its own on 127.0.0.1, once per process for each kind of transport', async () => {
    const a = recordingTransport();
    warmUpRequest(a.transport, 'kind-a');
    await a.first;
    expect(a.sent).toHaveLength(1);
    expect(a.sent[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/warm-up$/);

    // A second emulator's transport of the same kind in this process: what it would warm is warm.
    const again = recordingTransport();
    warmUpRequest(again.transport, 'kind-a');
    // Another kind is warmed on its own; once it has sent, the same-kind call above had its chance too.
    const b = recordingTransport();
    warmUpRequest(b.transport, 'kind-b');
    await b.first;
    expect(b.sent).toHaveLength(1);
    expect(again.sent).toEqual([]);
  });
});
