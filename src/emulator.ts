import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createAccountRegistry, type AccountRegistry } from './solarproof/account-registry.js';
import { createCatalogue, type Catalogue } from './catalogue/catalogue.js';
import type { Config } from './config/config-schema.js';
import { ConfigStore } from './config/config-store.js';
import { scaledClock, systemClock, type Clock } from './core/clock.js';
import { eventTypesFor } from './core/event-types.js';
import { createLogger, logStats, type Logger } from './core/logger.js';
import { createRandom, type Random } from './core/random.js';
import { createDataApi } from './solarproof/data-api.js';
import { createDeliveryEngine, type DeliveryEngine } from './delivery/delivery-engine.js';
import { guardTransport, selectTransport } from './delivery/select-transport.js';
import { lazyTransport } from './delivery/lazy-transport.js';
import { createGuardedLookup, type BaseLookup } from './guard/guarded-lookup.js';
import { rememberedHookHostCheck, type HookHostRules } from './guard/hook-host-policy.js';
import { logRedaction } from './guard/redact.js';
import { createGuard } from './http/guard-middleware.js';
import type { Transport } from './delivery/transport.js';
import { createEventTrigger, type EventTrigger } from './events/event-trigger.js';
import { controlApi } from './http/control-api.js';
import { DASHBOARD_ASSETS_DIR, dashboardRouter, htmlRootRedirect } from './http/dashboard.js';
import { requestLog } from './http/request-log.js';
import { shutdownGate } from './http/shutdown-gate.js';
import { persistBeforeAnswer } from './http/persist-before-answer.js';
import { DataDirError, openDataDir, StatePersister } from './state/data-dir.js';
import { captureState, InvalidStateError, restoreState, type StateParts } from './state/emulator-state.js';
import type { StateDocument } from './state/state-document.js';
import { solarproofApi } from './solarproof/solarproof-api.js';
import { loadScenarioLibrary } from './scenarios/scenario-library.js';
import { ScenarioRunner } from './scenarios/scenario-runner.js';
import { Scheduler } from './schedules/scheduler.js';
import { expandHookUrl } from './guard/hook-url-template.js';
import { SubscriptionStore } from './solarproof/subscription-store.js';

/** The edges of the emulator, each replaceable by a test (through `createEmulator` or `startEmulator`). */
export interface EmulatorDeps {
  /** Wall clock (timestamps) and timer source; a ManualClock lets a test drive time by hand. */
  clock?: Clock;
  logger?: Logger;
  /** Sends every attempt; defaults to got with keep-alive agents. A fake lets a test script outcomes. */
  transport?: Transport;
  /** The root random stream (default: seeded from `config.seed`); parts fork their own from it. */
  random?: Random;
  /**
   * Resolves hook-URL host names (`dns.lookup`-compatible; default the system resolver). A test
   * resolver stands in for outside addresses; the hook-host rules still judge what it returns.
   */
  lookup?: BaseLookup;
}

/** Wires an emulator from a loaded configuration (see `loadConfig`); `listen()` starts serving. */
export function createEmulator(config: Config & { seed: number }, deps: EmulatorDeps = {}): Emulator {
  return new Emulator(config, deps);
}

/**
 * The composition root: the only place that knows every part. Each part is built from the small
 * set of dependencies it declares, in dependency order (a field used before it is assigned is a
 * compile error), and no part is handed the emulator itself.
 */
export class Emulator {
  readonly config: ConfigStore;
  /** The seed in force (given, or picked at start). */
  readonly seed: number;
  readonly accounts: AccountRegistry;
  readonly subscriptions: SubscriptionStore;
  /** The root random stream; parts take `random.fork('name')`. */
  readonly random: Random;
  /** Wall clock: timestamps in the journal and subscriptions. */
  readonly wallClock: Clock;
  /** The clock for every wait the emulator makes: waits are multiplied by `timeScale`. */
  readonly clock: Clock;
  readonly logger: Logger;
  readonly app: Express = express();
  /** The seeded fake world and a payload per (event type, payload version). */
  readonly catalogue: Catalogue;
  /** Fan-out of events to subscriptions: latency, faults, attempts, retries, journal. */
  readonly delivery: DeliveryEngine;
  /** The one path that makes events happen: triggers, schedule ticks, scenario steps. */
  readonly events: EventTrigger;
  /** Named flows of events about one customer and project (/_emulator/scenarios). */
  readonly scenarios: ScenarioRunner;
  /** Events over time (config `schedules`, `--schedule`, /_emulator/schedules). */
  readonly schedules: Scheduler;
  private server: Server | undefined;
  private closed = false;
  private draining = false;
  /** Set with a data dir (`dataDir`): writes the state before every answer and every second. */
  private persister: StatePersister | undefined;

  constructor(config: Config & { seed: number }, deps: EmulatorDeps) {
    this.wallClock = deps.clock ?? systemClock;
    this.config = new ConfigStore(config);
    this.seed = config.seed;
    this.accounts = createAccountRegistry(config.accounts);
    this.subscriptions = new SubscriptionStore(() => this.wallClock.now());
    this.subscribeAtStart();
    this.random = deps.random ?? createRandom(config.seed);
    this.clock = scaledClock(this.wallClock, () => this.config.get().timeScale);
    const format = config.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.logFormat;
    this.logger = deps.logger ?? createLogger(config.logLevel, format, undefined, logRedaction);
    const settings = this.config;
    const hookRules = (): HookHostRules => {
      const c = settings.get();
      return { allowedHookHosts: c.delivery.allowedHookHosts, deniedHookHosts: c.delivery.deniedHookHosts, strict: c.strictHookUrls };
    };
    const payloadVersion = () => settings.get().payloadVersion;
    const checkOverrides = (type: Parameters<Catalogue['checkOverrides']>[0], version: Parameters<Catalogue['checkOverrides']>[1], overrides: Record<string, unknown>) =>
      this.catalogue.checkOverrides(type, version, overrides);

    this.catalogue = createCatalogue({
      accounts: this.accounts.all(),
      world: () => settings.get().world,
      payloadVersion,
      payloadStyle: () => settings.get().payloadStyle,
      random: this.random.fork('world'),
      now: () => this.wallClock.now(),
    });
    this.delivery = createDeliveryEngine({
      // Read once per config change by the engine (it caches until onSettingsChange).
      settings: () => {
        const c = settings.get();
        return { ...c.delivery, timeScale: c.timeScale };
      },
      onSettingsChange: (listener) => settings.onChange(listener),
      wallClock: this.wallClock,
      clock: this.clock,
      random: this.random,
      transport: deps.transport ?? this.defaultTransport(hookRules, deps.lookup),
      logger: this.logger,
      subscriptions: this.subscriptions,
    });
    this.events = createEventTrigger({ accounts: this.accounts, payloadVersion, catalogue: this.catalogue, delivery: this.delivery });
    // Schedules and scenarios change state on their own: with a data dir, their triggers mark it changed.
    const events: Pick<EventTrigger, 'trigger'> = {
      trigger: (request) => {
        try {
          return this.events.trigger(request);
        } finally {
          this.persister?.touch();
        }
      },
    };
    this.scenarios = new ScenarioRunner(
      { clock: this.clock, payloadVersion, accounts: this.accounts, logger: this.logger, events, checkOverrides },
      loadScenarioLibrary(config.scenarios.dirs),
    );
    this.schedules = new Scheduler({ clock: this.clock, config: settings, random: this.random, accounts: this.accounts, logger: this.logger, events, checkOverrides });

    this.app.disable('x-powered-by');
    this.app.set('etag', false);
    // First: a request from a foreign Host or Origin, or without the admin token, changes nothing.
    this.app.use(
      createGuard({
        settings: () => {
          const c = settings.get();
          return { allowedHosts: c.allowedHosts, allowedOrigins: c.allowedOrigins, ...(c.adminToken === undefined ? {} : { adminToken: c.adminToken }) };
        },
        boundHost: () => settings.get().host,
      }),
    );
    this.app.use(requestLog(this.logger));
    this.app.use(shutdownGate(() => this.draining));
    this.app.use(persistBeforeAnswer(() => this.persister));
    this.app.use(
      solarproofApi({
        accounts: this.accounts,
        subscriptions: this.subscriptions,
        settings: () => settings.get(),
        hookRules,
        clock: this.clock,
        random: this.random.fork('api-faults'),
        dataApi: createDataApi({
          accounts: this.accounts,
          world: () => this.catalogue.world(),
          trigger: (request) => this.events.trigger(request),
        }),
      }),
    );
    this.app.use('/_emulator/ui', dashboardRouter({ assetsDir: DASHBOARD_ASSETS_DIR }));
    this.app.get('/', htmlRootRedirect());
    this.app.use(
      '/_emulator',
      controlApi({
        subscriptions: this.subscriptions,
        config: settings,
        reset: () => this.reset(),
        catalogue: this.catalogue,
        events: this.events,
        payloadVersion,
        apiKeys: () => this.accounts.all().map((a) => a.apiKey),
        delivery: this.delivery,
        settings: () => settings.get().delivery,
        wallClock: this.wallClock,
        logStats: () => logStats(this.logger),
        schedules: this.schedules,
        scenarios: this.scenarios,
        maxBodyBytes: config.api.maxBodyBytes,
        logger: this.logger,
        worldAccounts: () => this.catalogue.world().accounts(),
        state: { get: () => this.exportState(), put: (doc) => this.importState(doc) },
      }),
    );
    // Last: configured schedules start emitting once every part exists.
    this.schedules.startConfigured();
    if (config.dataDir !== undefined) {
      try {
        this.openDataDir(config.dataDir);
      } catch (err) {
        this.schedules.close(); // nothing keeps running for an emulator that cannot start
        throw err;
      }
    }
  }

  /** The parts that hold state, each with its snapshot() and restore(). */
  private stateParts(): StateParts {
    return {
      seed: this.seed,
      accounts: this.accounts,
      config: this.config,
      subscriptions: this.subscriptions,
      catalogue: this.catalogue,
      delivery: this.delivery,
      schedules: this.schedules,
      beforeRestore: () => this.scenarios.reset(),
      now: () => this.wallClock.now(),
    };
  }

  /** The whole state as one versioned document (`GET /_emulator/state`). */
  exportState(): StateDocument {
    return captureState(this.stateParts());
  }

  /** Replaces the whole state (`PUT /_emulator/state`, `--import`); throws InvalidStateError and changes nothing when the document does not fit. */
  importState(doc: unknown): StateDocument {
    const restored = restoreState(this.stateParts(), doc);
    this.persister?.touch();
    return restored;
  }

  /** Restores the saved state, if any, and keeps the folder in step from now on. Throws DataDirError. */
  private openDataDir(dataDir: string): void {
    const { dir, saved } = openDataDir(dataDir);
    if (saved !== undefined) {
      try {
        restoreState(this.stateParts(), saved);
      } catch (err) {
        if (!(err instanceof InvalidStateError)) throw err;
        const what = err.newer ? 'was written by a newer solarproof-mock' : 'cannot be restored';
        throw new DataDirError(`state file ${dir}/state.json ${what}; nothing was changed. ${err.problems.join('; ')}. Use a newer solarproof-mock, move the file away to start empty, or choose another --data-dir`);
      }
      // A --forward-to or configured subscription added since the state was saved is made too.
      this.subscribeAtStart();
      this.logger.info({ dataDir: dir, subscriptions: this.subscriptions.list().length, journal: this.delivery.stats().journal.size, pending: this.delivery.stats().pending }, 'state restored from the data dir');
    }
    this.persister = new StatePersister(dir, () => this.exportState(), (err) => this.logger.error({ err, dataDir: dir }, 'could not write the state to the data dir'));
    this.delivery.onChange(() => this.persister?.touch());
    this.config.onChange(() => this.persister?.touch());
    this.persister.touch();
    this.persister.flush();
  }

  /**
   * The transport `delivery.transport` names (undici by default), resolving names through the
   * guarded lookup and refusing, as `blocked`, an attempt the hook-host rules deny.
   */
  private defaultTransport(rules: () => HookHostRules, baseLookup: BaseLookup | undefined): Transport {
    const lookup = createGuardedLookup(rules, baseLookup);
    const common = { now: () => this.wallClock.now(), clock: this.clock, lookup };
    const chosen = selectTransport(() => this.config.get().delivery.transport, {
      // Each transport's module loads on its first attempt: start-up needs neither (docs/performance.md).
      undici: () => lazyTransport(() => import('./delivery/undici-transport.js').then((m) => m.createUndiciTransport(common))),
      got: () => lazyTransport(() => import('./delivery/got-transport.js').then((m) => m.createGotTransport(common))),
    });
    // Checked per attempt (rules may change after subscribing); the verdict is kept per URL until they do.
    const check = rememberedHookHostCheck(() => ({ ...rules(), strict: false }));
    return guardTransport(chosen, check);
  }

  /** The configured `subscriptions` (and `--forward-to` URLs), made as apidata.php would make them. */
  private subscribeAtStart(): void {
    const { subscriptions, payloadVersion } = this.config.get();
    for (const sub of subscriptions) {
      const apiKey = sub.apiKey ?? this.accounts.primary().apiKey;
      const types = sub.types === '*' ? eventTypesFor(payloadVersion) : sub.types;
      // `{type}` in the URL gives each event type its own URL (`--forward-to http://host/hooks/{type}`).
      for (const type of types) this.subscriptions.subscribe(apiKey, expandHookUrl(sub.hookUrl, type), type);
    }
  }

  /** Starts serving; resolves with the base URL, e.g. `http://127.0.0.1:4477`. */
  async listen(): Promise<string> {
    const { host, port } = this.config.get();
    const server = createServer(this.app);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}`;
  }

  /** Back to the start state with the same seed: no subscriptions, empty journal, fresh world. */
  async reset(): Promise<void> {
    this.config.reset();
    this.subscriptions.clear();
    this.subscribeAtStart();
    this.catalogue.reset();
    this.delivery.reset();
    this.scenarios.reset();
    this.schedules.reset();
    this.persister?.touch();
  }

  /**
   * Graceful stop (SIGTERM/SIGINT): new requests get 503, schedules and scenarios stop, the
   * attempts in flight finish for up to `graceMs` (default `shutdownGraceMs`) with their real
   * outcome recorded, then what is still pending is cancelled and the server closes.
   */
  async drain(graceMs: number = this.config.get().shutdownGraceMs): Promise<{ finished: number; cutOff: number }> {
    if (this.closed || this.draining) {
      await this.close();
      return { finished: 0, cutOff: 0 };
    }
    this.draining = true;
    this.schedules.close();
    this.scenarios.close();
    // With a data dir, the state is saved once the in-flight attempts are done and before what
    // still waits is cancelled: a restart resumes those deliveries.
    const result = await this.delivery.drain(graceMs, () => this.persister?.stop());
    await this.close();
    return result;
  }

  /** Cancels pending work, stops schedules and the server. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.persister?.stop();
    // What triggers events (schedules, scenarios) stops before the engine it feeds.
    this.schedules.close();
    this.scenarios.close();
    this.delivery.close();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }
}
