import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { EmulatorError } from '../core/errors.js';
import { checkAddress, type HookHostRules } from './hook-host-policy.js';

export type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** What `createGuardedLookup` resolves with: `dns.lookup`, or a fake in tests. */
export type BaseLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/** A `dns.lookup`-compatible function (every call form), usable as the `lookup` option of net/http/https or got's `dnsLookup`. */
export interface GuardedLookup {
  (hostname: string, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void;
  (hostname: string, family: number, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void;
  (hostname: string, options: LookupOptions, callback: LookupCallback): void;
}

/**
 * The error a blocked lookup fails with. Its `code` is `EHOSTBLOCKED`, errno style, because the
 * HTTP clients hand a lookup's error to the transport as a socket error and the transport maps
 * socket error codes to attempt outcomes (`blocked`); `problemCode` is its registered code.
 */
export class HostBlockedError extends EmulatorError {
  override readonly code = 'EHOSTBLOCKED';
  readonly problemCode = 'HOST_BLOCKED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    reason: string,
  ) {
    super('HOST_BLOCKED', `Delivery to ${hostname} blocked: ${reason}`);
    this.name = 'HostBlockedError';
  }
}

/**
 * Resolves through `baseLookup`, then fails with `EHOSTBLOCKED` when any resolved address is
 * refused by the hook host rules: the connect-time check, so a name that resolves (or rebinds)
 * to 169.254.169.254 is refused even though its URL passed at subscribe time. `rules` may be a
 * getter so changes through `PATCH /_emulator/config` apply to the next connection.
 *
 * Note: sockets to an IP literal never call `lookup`; check those URLs with `checkHookHost`.
 *
 * @example
 *   const lookup = createGuardedLookup(() => rulesFromConfig());
 *   got.extend({ dnsLookup: lookup });  // or http.request({ lookup })
 */
export function createGuardedLookup(
  rules: HookHostRules | (() => HookHostRules),
  baseLookup: BaseLookup = dns.lookup as BaseLookup,
): GuardedLookup {
  const current = typeof rules === 'function' ? rules : () => rules;
  const guarded = (hostname: string, second: unknown, third?: unknown): void => {
    const callback = (typeof second === 'function' ? second : third) as LookupCallback;
    const options: LookupOptions =
      typeof second === 'number' ? { family: second } : typeof second === 'object' && second !== null ? (second as LookupOptions) : {};
    baseLookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const ruleSet = current();
      for (const ip of addresses) {
        const verdict = checkAddress(ip, ruleSet, hostname);
        if (!verdict.ok) return (callback as (e: NodeJS.ErrnoException) => void)(new HostBlockedError(hostname, ip, verdict.reason));
      }
      callback(null, address, family);
    });
  };
  return guarded as GuardedLookup;
}
