import type { Transport, TransportOutcome } from './transport.js';

export type TransportName = 'auto' | 'node' | 'undici' | 'got';

/**
 * One transport that sends each attempt through the one `delivery.transport` names now (so a
 * `PATCH /_emulator/config` switch applies to the next attempt); each is created on first use.
 *
 * @example selectTransport(() => config.get().delivery.transport, { undici: makeUndici, got: makeGot })
 */
export function selectTransport(choice: () => TransportName, make: Record<TransportName, () => Transport>): Transport {
  const made = new Map<TransportName, Transport>();
  const current = (): Transport => {
    const name = choice();
    let t = made.get(name);
    if (!t) {
      t = make[name]();
      made.set(name, t);
    }
    return t;
  };
  return {
    send: (request) => current().send(request),
    close: () => {
      for (const t of made.values()) t.close();
      made.clear();
    },
  };
}

/**
 * Refuses, before any connection, an attempt whose URL the hook-host rules deny now (rules may
 * have changed since the subscription; an IP-literal host never reaches a DNS lookup, where names
 * are checked again on the address they resolve to). The attempt is recorded as `blocked`.
 * `check` runs for every attempt; the emulator's remembers its verdicts per URL while the rules
 * stay the same (`rememberedHookHostCheck` in src/guard). `onBlocked` hears of every blocked
 * attempt, refused here or by the guarded lookup.
 */
export function guardTransport(
  inner: Transport,
  check: (url: string) => { ok: true } | { ok: false; reason: string },
  onBlocked: (url: string, error: string) => void = () => undefined,
): Transport {
  const noteBlocked = (url: string, outcome: TransportOutcome): TransportOutcome => {
    if (outcome.kind === 'network' && outcome.failure === 'blocked') onBlocked(url, outcome.error);
    return outcome;
  };
  return {
    send(request) {
      const verdict = check(request.url);
      if (verdict.ok) {
        // A name is checked again on the address it resolves to: that refusal comes back as an outcome.
        const handle = inner.send(request);
        return { result: handle.result.then((o) => noteBlocked(request.url, o)), cancel: () => handle.cancel() };
      }
      const blocked: TransportOutcome = { kind: 'network', failure: 'blocked', error: `Delivery blocked: ${verdict.reason}`, durationMs: 0 };
      return { result: Promise.resolve(noteBlocked(request.url, blocked)), cancel: () => undefined };
    },
    close: () => inner.close(),
    sendsAt: inner.sendsAt === true,
  };
}
