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

/** A delivery as a wait saw it: enough to say how it ended. */
export interface WaitedDelivery {
  id: string;
  state: string;
  type: string;
  hookUrl: string;
  attempts?: readonly { outcome: string; status?: number }[];
}

export interface WaitForTimeoutDetails {
  /** Every delivery matching the filter but its state, as last seen. */
  candidates?: readonly WaitedDelivery[];
  /** Set when the wait stopped early: every candidate had settled in another state, after this many ms. */
  settledAfterMs?: number;
  /** Set when the wait stopped at once for a reason of its own (nothing subscribed): the message. */
  reason?: string;
}

/**
 * `deliveries.waitFor` gave up: fewer deliveries matched than asked for, because the time ran
 * out or (`settled` true) because every delivery that could have matched ended another way.
 */
export class WaitForTimeoutError extends EmulatorError {
  /** Every delivery matching the filter but its state, as last seen. */
  readonly candidates: readonly WaitedDelivery[];
  /** True when the wait stopped early: nothing pending could still match. */
  readonly settled: boolean;

  constructor(
    readonly filter: object,
    readonly min: number,
    readonly timeoutMs: number,
    /** What did match when time ran out. */
    readonly matched: readonly WaitedDelivery[],
    details: WaitForTimeoutDetails = {},
  ) {
    const candidates = details.candidates ?? [];
    const settled = details.settledAfterMs !== undefined || details.reason !== undefined;
    const how = describeOutcomes(candidates);
    super(
      'WAIT_TIMEOUT',
      details.reason !== undefined
        ? details.reason
        : details.settledAfterMs !== undefined
        ? `Stopped waiting after ${details.settledAfterMs} ms for ${min} deliveries matching ${JSON.stringify(filter)}: ${how}; none is pending, so no more can match.`
        : `Timed out after ${timeoutMs} ms waiting for ${min} deliveries matching ${JSON.stringify(filter)}; ` +
            `${matched.length} matched${matched.length ? `: ${matched.map((d) => `${d.id} ${d.type} -> ${d.hookUrl} [${d.state}]`).join(', ')}` : ''}` +
            `${candidates.length > matched.length ? `; ${how}` : ''}. ` +
            'Check that a subscription exists for this type and account (GET /_emulator/subscriptions) and that the filter is right.',
    );
    this.name = 'WaitForTimeoutError';
    this.candidates = candidates;
    this.settled = settled;
  }
}

/** "1 delivery to http://127.0.0.1:3000/hook ended failed after 4 attempts: connection_refused; 2 deliveries to ... are pending" */
export function describeOutcomes(deliveries: readonly WaitedDelivery[]): string {
  const groups = new Map<string, number>();
  for (const d of deliveries) {
    const last = d.attempts?.at(-1);
    const n = d.attempts?.length ?? 0;
    const end =
      d.state === 'pending'
        ? `${n > 0 ? `pending after ${n} attempt${n === 1 ? '' : 's'}` : 'pending'}`
        : `ended ${d.state} after ${n} attempt${n === 1 ? '' : 's'}`;
    const key = `to ${d.hookUrl} ${end}${last ? `: ${last.outcome}${last.status === undefined ? '' : ` ${last.status}`}` : ''}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  if (groups.size === 0) return 'no delivery matched the other fields';
  return [...groups].map(([key, n]) => `${n} deliver${n === 1 ? 'y' : 'ies'} ${key}`).join('; ');
}
