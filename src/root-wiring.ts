/**
 * Small pieces of wiring the composition root (`emulator.ts`) uses: how settings become each
 * part's view of them, the default transport, and the start-up subscriptions. Like the root, this
 * file may know every part; no part imports it.
 */
import type { Config } from './config/config-schema.js';
import type { ConfigStore } from './config/config-store.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { eventTypesFor } from './core/event-types.js';
import type { PartState } from './core/lifecycle.js';
import { autoTransport } from './delivery/auto-transport.js';
import { heldSends } from './delivery/held-send.js';
import { lazyTransport } from './delivery/lazy-transport.js';
import { createNodeHttpTransport } from './delivery/node-http-transport.js';
import { threadedSends } from './delivery/sender-thread.js';
import { warmUpRequest } from './delivery/warm-up-request.js';
import { guardTransport, selectTransport } from './delivery/select-transport.js';
import type { Transport } from './delivery/transport.js';
import type { DeliveryEngine } from './delivery/delivery-engine-api.js';
import { createGuardedLookup, type BaseLookup } from './guard/guarded-lookup.js';
import { checkConnectTarget, rememberedHookHostCheck, type HookHostRules } from './guard/hook-host-policy.js';
import { expandHookUrl } from './guard/hook-url-template.js';
import type { GuardSettings } from './http/guard-middleware.js';
import { loadScenarioLibrary, type ScenarioLibrary } from './scenarios/scenario-library.js';
import type { AccountRegistry } from './solarproof/account-registry.js';
import type { SubscriptionStore } from './solarproof/subscription-store.js';

/** The hook-host rules in force (subscribe time and connect time). */
export function hookRulesOf(c: Config): HookHostRules {
  return { allowedHookHosts: c.delivery.allowedHookHosts, deniedHookHosts: c.delivery.deniedHookHosts, strict: c.strictHookUrls };
}

/** What the Host / Origin / admin-token guard reads of the config. */
export function guardSettingsOf(c: Config): GuardSettings {
  return { allowedHosts: c.allowedHosts, allowedOrigins: c.allowedOrigins, ...(c.adminToken === undefined ? {} : { adminToken: c.adminToken }) };
}

/**
 * The transport `delivery.transport` names (`auto` by default: node:http, undici from the first
 * burst, decision 0037), resolving names through the
 * guarded lookup and refusing, as `blocked`, an attempt the hook-host rules deny.
 */
export function defaultTransport(deps: { config: ConfigStore; wallClock: Clock; clock: Clock; lookup: BaseLookup | undefined; logger: Logger }): Transport {
  const rules = (): HookHostRules => hookRulesOf(deps.config.get());
  const lookup = createGuardedLookup(rules, deps.lookup);
  const common = { now: () => deps.wallClock.now(), clock: deps.clock, lookup };
  const loadUndici = (): Promise<Transport> => import('./delivery/undici-transport.js').then((m) => m.createUndiciTransport(common));
  // node:http is loaded already (the server): nothing to load; warm() below sends its throwaway request.
  // A request with injected latency comes a few ms before its moment (decision 0055): node:http's
  // go out from the sender thread then, undici's and got's wait for it on the main thread.
  const node = (): Transport =>
    threadedSends(createNodeHttpTransport(common), {
      lookup,
      onStarted: () => deps.logger.debug('sender thread started: deliveries with injected latency are written from it (decision 0055)'),
      onFailed: (why) => deps.logger.warn({ why }, 'sender thread gone: what it held is recorded connection_reset; the next delivery with latency starts another'),
    });
  const chosen = selectTransport(() => deps.config.get().delivery.transport, {
    auto: () => autoTransport({ light: node(), loadHeavy: () => loadUndici().then(heldSends), warmUp: (t) => warmUpRequest(t, 'undici'), now: () => deps.wallClock.now() }),
    node,
    // undici's and got's modules load on their first attempt: start-up needs neither (docs/performance.md);
    // warm() below loads the chosen one early, its throwaway request being that first attempt.
    undici: () => heldSends(lazyTransport(loadUndici)),
    got: () => heldSends(lazyTransport(() => import('./delivery/got-transport.js').then((m) => m.createGotTransport(common)))),
  });
  // Checked per attempt (rules may change after subscribing); the verdict is kept per URL until they do.
  const check = rememberedHookHostCheck(rules, undefined, checkConnectTarget);
  const guarded = guardTransport(chosen, check, warnOncePerHost(deps.logger));
  // The throwaway request (to a server of our own on 127.0.0.1) goes the way the first attempt
  // goes: the hook-host check runs, the choice, auto's count, the transport (decision 0042). It goes
  // whatever the check says: the rules are about hook hosts, not about the emulator's own server.
  const warm = (): void => {
    const checkedAnyway = (url: string): { ok: true } => (check(url), { ok: true });
    warmUpRequest(guardTransport(chosen, checkedAnyway), deps.config.get().delivery.transport);
  };
  // Every choice above holds a request until its moment.
  return { ...guarded, warm, sendsAt: true };
}

/**
 * One warning line per blocked hook host, not one per attempt (a schedule to a refused host would
 * otherwise fill the log); every attempt still records its reason in the journal.
 */
export function warnOncePerHost(logger: Logger, maxHosts = 10_000): (url: string, error: string) => void {
  const warned = new Set<string>();
  return (url, error) => {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      host = url;
    }
    if (warned.has(host)) return;
    if (warned.size >= maxHosts) warned.clear();
    warned.add(host);
    logger.warn({ host }, `${error} (each attempt to ${host} is recorded as blocked; this is said once per host)`);
  };
}

/** Start-up's warm-up under way: `stop` ends it (close), `finish` runs the steps left at once. */
export interface Warming {
  stop(): void;
  finish(): void;
}

/**
 * Warms what the first events need soon after start-up but off the start path, so that the first
 * attempts do not wait for it (they went out in a burst: docs/performance.md, "First deliveries"):
 * on the turn after the first answer went out (a cold start's first health answer does not wait
 * for it), or `fallbackMs` after listening when nothing has asked anything by then. Each step runs
 * on a turn of its own (`setImmediate`), so a request that arrives meanwhile waits for one step,
 * not for all of them (together ~90 ms of CPU on a 2-core machine). A real timer, unref'd: this is
 * the process's start-up, not emulated time. `finish()` runs the steps left at once, started or
 * not: a new schedule calls it before its first moment is set, so its first tick does not come
 * due while a step (the world's: ~100 ms beside other work) holds the loop (decision 0042).
 */
export function warmAfterStart(steps: readonly (() => void)[], afterFirstAnswer: (listener: () => void) => void, fallbackMs: number): Warming {
  let done = false;
  let nextStep = 0;
  let next: NodeJS.Immediate | undefined;
  const run = (): void => {
    if (done || nextStep >= steps.length) return;
    steps[nextStep++]!();
    next = setImmediate(run);
    next.unref();
  };
  let started = false;
  const once = (): void => {
    if (started || done) return;
    started = true;
    clearTimeout(timer);
    run();
  };
  const timer = setTimeout(once, fallbackMs);
  timer.unref();
  afterFirstAnswer(once);
  const stop = (): void => {
    done = true;
    clearTimeout(timer);
    if (next) clearImmediate(next);
  };
  return {
    stop,
    finish() {
      if (done) return;
      stop();
      while (nextStep < steps.length) steps[nextStep++]!();
    },
  };
}

/** Makes the configured `subscriptions` (and `--forward-to` URLs) as apidata.php would make them. */
export function subscribeAtStart(config: ConfigStore, accounts: AccountRegistry, subscriptions: SubscriptionStore): void {
  const { subscriptions: wanted, payloadVersion } = config.get();
  for (const sub of wanted) {
    const apiKey = sub.apiKey ?? accounts.primary().apiKey;
    if (!accounts.get(apiKey)) continue; // its key was revoked at run time (a restored state)
    const types = sub.types === '*' ? eventTypesFor(payloadVersion) : sub.types;
    // `{type}` in the URL gives each event type its own URL (`--forward-to http://host/hooks/{type}`).
    for (const type of types) subscriptions.subscribe(apiKey, expandHookUrl(sub.hookUrl, type), type);
  }
}

/** The config's share of the state document: checked without applying, then applied. */
export function configShare(config: ConfigStore): PartState {
  return {
    key: 'config',
    snapshot: () => config.get(),
    problems: (saved) => {
      const result = config.restore(saved, false);
      return result.ok ? [] : result.problems;
    },
    restore: (saved) => {
      config.restore(saved);
    },
  };
}

/** A part's share of the state document, typed by what it saves. */
export function share<S>(key: string, part: { snapshot(): S; restore(state: S): void; problems?(state: S): string[]; changes?(): unknown; replay?(state: S, records: readonly unknown[]): S }): PartState {
  return {
    key,
    snapshot: () => part.snapshot(),
    restore: (s) => part.restore(s as S),
    ...(part.problems ? { problems: (s: unknown) => part.problems!(s as S) } : {}),
    ...(part.changes && part.replay ? { changes: () => part.changes!(), replay: (s: unknown, records: readonly unknown[]) => part.replay!(s as S, records) } : {}),
  };
}

/**
 * The engine as the control API sees it: with a data dir, SSE frames and other change listeners
 * hear of a change once it is durable (`afterDurable`, the log's group commit).
 */
export function seenDelivery(engine: DeliveryEngine, persistence: () => { afterDurable(fn: () => void): void } | undefined): DeliveryEngine {
  return {
    ...engine,
    onChange: (listener) =>
      engine.onChange((d, change) => {
        const p = persistence();
        if (p === undefined) return listener(d, change);
        p.afterDurable(() => listener(d, change));
      }),
  };
}

/**
 * The scenario library: a user's scenario folders are read and checked at start (a bad file stops
 * start-up, listing every problem); without any, the built-in scenarios (shipped, checked by the
 * tests) are read on the first call that names or lists one, which start-up and most runs never
 * make (reading and parsing them was ~7 ms of `startEmulator()`).
 */
export function scenarioLibraryOf(dirs: readonly string[]): ScenarioLibrary {
  if (dirs.length > 0) return loadScenarioLibrary(dirs);
  let library: ScenarioLibrary | undefined;
  const load = (): ScenarioLibrary => (library ??= loadScenarioLibrary([]));
  return { get: (name) => load().get(name), all: () => load().all() };
}
