import { EmulatorError } from '../core/errors.js';

/** A control API or Solar Proof API answer that was not a success, as thrown by the client. */
export class EmulatorApiError extends EmulatorError {
  constructor(
    status: number,
    /** The problem's stable code (`UNKNOWN_EVENT_TYPE`, ...), or `HTTP_<status>`. */
    code: string,
    detail: string,
    /** The whole answer body, parsed when it was JSON. */
    readonly body: unknown,
  ) {
    super(code, `${code} (${status}): ${detail}`, { status, detail });
    this.name = 'EmulatorApiError';
  }

  /** The error for a non-success answer: its problem `code` and `detail` when it is a problem document, else its text. */
  static fromAnswer(status: number, text: string): EmulatorApiError {
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const p = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { code?: string; detail?: string; message?: string };
    return new EmulatorApiError(status, p.code ?? `HTTP_${status}`, p.detail ?? p.message ?? text, parsed);
  }
}

/** `deliveries.waitFor` gave up: fewer deliveries matched than asked for. */
export class WaitForTimeoutError extends EmulatorError {
  constructor(
    readonly filter: object,
    readonly min: number,
    readonly timeoutMs: number,
    /** What did match when time ran out. */
    readonly matched: readonly { id: string; state: string; type: string; hookUrl: string }[],
  ) {
    super(
      'WAIT_TIMEOUT',
      `Timed out after ${timeoutMs} ms waiting for ${min} deliveries matching ${JSON.stringify(filter)}; ` +
        `${matched.length} matched${matched.length ? `: ${matched.map((d) => `${d.id} ${d.type} -> ${d.hookUrl} [${d.state}]`).join(', ')}` : ''}. ` +
        'Check that a subscription exists for this type and account (GET /_emulator/subscriptions) and that the filter is right.',
    );
    this.name = 'WaitForTimeoutError';
  }
}
