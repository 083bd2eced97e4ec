import type { Express } from 'express';
import type { Emulator, EmulatorDeps, TlsCertificate } from './emulator-api.js';
import { createCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { createChecksPart, type Checks } from './check/checks-part.js';
import type { Config } from './config/config-schema.js';
import { ConfigStore } from './config/config-store.js';
import { scaledClock, systemClock, type Clock } from './core/clock.js';
import type { Part } from './core/lifecycle.js';
import { createLogger, logStats, type Logger } from './core/logger.js';
import { createRandom, type Random } from './core/random.js';
import { createDeliveryEngine, type DeliveryEngine } from './delivery/delivery-engine.js';
import type { Transport } from './delivery/transport.js';
import { afterDurableTransport } from './delivery/durable-transport.js';
import { createEventTrigger, type EventTrigger } from './events/event-trigger.js';
import type { BaseLookup } from './guard/guarded-lookup.js';
import { logRedaction } from './guard/redact.js';
import { createApp, startServer, type ServerPart } from './http/app.js';
import { controlApi } from './http/control-api.js';
import { configShare, defaultTransport, guardSettingsOf, hookRulesOf, scenarioLibraryOf, seenDelivery, share, subscribeAtStart, warmAfterStart, type Warming } from './root-wiring.js';
import { ScenarioRunner } from './scenarios/scenario-runner.js';
import { Scheduler } from './schedules/scheduler.js';
import { createAccountRegistry, type AccountRegistry } from './solarproof/account-registry.js';
import { createDataApi } from './solarproof/data-api.js';
import { runTimeAccounts } from './solarproof/run-time-accounts.js';
import { solarproofApi } from './solarproof/solarproof-api.js';
import { SubscriptionStore } from './solarproof/subscription-store.js';
import { captureState, restoreState, type StateParts } from './state/emulator-state.js';
import { openPersistence, type Persistence } from './state/persistence.js';
import type { StateDocument } from './state/state-document.js';
import { createWorldPart, type WorldPart } from './world/world-part.js';
import { serverTls } from './http/tls-certificate.js';

export type { Emulator, EmulatorDeps } from './emulator-api.js';

/**
 * Wires an emulator from a loaded configuration (see `loadConfig`); `listen()` starts serving.
 * Throws an EmulatorError (ConfigError, INVALID_FILE, DataDirError) for what it was told to load.
 */
export function createEmulator(config: Config & { seed: number }, deps: EmulatorDeps = {}): Emulator {
  return new EmulatorRoot(config, deps);
}

/**
 * The composition root: the only place that knows every part. Each part is built from the small
 * set of dependencies it declares, in dependency order (a field used before it is assigned is a
 * compile error), and no part is handed the emulator itself. `parts` lists them in that order;
 * reset, drain, close and the state document run over that one list.
 */
class EmulatorRoot implements Emulator {
  readonly config: ConfigStore;
  readonly seed: number;
  readonly accounts: AccountRegistry;
  readonly subscriptions: SubscriptionStore;
  readonly random: Random;
  readonly wallClock: Clock;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly world: WorldPart;
  readonly catalogue: Catalogue;
  readonly delivery: DeliveryEngine;
  readonly events: EventTrigger;
  readonly scenarios: ScenarioRunner;
  readonly schedules: Scheduler;
  readonly checks: Checks & Part;
  readonly app: Express;
  private readonly persistence: Persistence;
  private readonly parts: readonly Part[];
  private server: ServerPart | undefined;
  private readonly transport: Transport;
  private warming: Warming = { stop: () => undefined, finish: () => undefined };
  tlsCertificate: TlsCertificate | undefined;
  private closed = false;
  private draining = false;
  private drained = { finished: 0, cutOff: 0 };

  constructor(config: Config & { seed: number }, deps: EmulatorDeps) {
    this.wallClock = deps.clock ?? systemClock;
    const settings = (this.config = new ConfigStore(config));
    this.seed = config.seed;
    this.accounts = createAccountRegistry(config.accounts);
    this.subscriptions = new SubscriptionStore(() => this.wallClock.now());
    subscribeAtStart(settings, this.accounts, this.subscriptions);
    this.random = deps.random ?? createRandom(config.seed);
    this.clock = scaledClock(this.wallClock, () => settings.get().timeScale);
    const format = config.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.logFormat;
    this.logger = deps.logger ?? createLogger(config.logLevel, format, undefined, logRedaction);
    const payloadVersion = () => settings.get().payloadVersion;
    const checkOverrides: Catalogue['checkOverrides'] = (type, version, overrides) => this.catalogue.checkOverrides(type, version, overrides);

    this.world = createWorldPart({ accounts: this.accounts.all(), settings: () => settings.get().world, random: this.random.fork('world'), now: () => this.wallClock.now(), liveAccounts: () => this.accounts.all() });
    this.catalogue = createCatalogue({ accounts: this.accounts.all(), world: this.world, templatesFile: settings.get().world.templatesFile, payloadVersion, payloadStyle: () => settings.get().payloadStyle });
    this.delivery = createDeliveryEngine({
      // Read once per config change by the engine (it caches until onSettingsChange).
      settings: () => ({ ...settings.get().delivery, timeScale: settings.get().timeScale }),
      onSettingsChange: (listener) => settings.onChange(listener),
      wallClock: this.wallClock,
      clock: this.clock,
      random: this.random,
      transport: this.durableTransport(config.dataDir, (this.transport = deps.transport ?? defaultTransport({ config: settings, wallClock: this.wallClock, clock: this.clock, lookup: deps.lookup, logger: this.logger }))),
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
          this.persistence?.touch();
        }
      },
    };
    const partHost = { clock: this.clock, payloadVersion, accounts: this.accounts, logger: this.logger, events, checkOverrides };
    this.scenarios = new ScenarioRunner(partHost, scenarioLibraryOf(config.scenarios.dirs));
    this.schedules = new Scheduler({ ...partHost, config: settings, random: this.random, warmNow: () => this.warming.finish() });
    this.checks = createChecksPart({ accounts: this.accounts, catalogue: this.catalogue, delivery: this.delivery, wallClock: this.wallClock, logger: this.logger });
    this.app = this.buildApp(config);
    this.parts = this.listParts();
    // Last: configured schedules start emitting once every part exists; then the data dir's saved state, if any, replaces it.
    this.schedules.startConfigured();
    try {
      this.persistence = this.openPersistence(config.dataDir);
    } catch (err) {
      this.schedules.close(); // nothing keeps running for an emulator that cannot start
      throw err;
    }
  }

  /** Every part, in build order: the one list reset, drain, close and the state document run over. */
  private listParts(): Part[] {
    const { config, subscriptions, world, catalogue, delivery, scenarios, schedules, checks } = this;
    return [
      // The server closes last (reverse order), after everything behind it has stopped.
      { name: 'server', close: async () => this.server?.close?.() },
      { name: 'config', reset: () => config.reset(), state: configShare(config) },
      // Keys added or revoked at run time: reset goes back to the configured ones (decision 0019).
      { name: 'accounts', reset: () => this.accounts.reset() },
      {
        name: 'subscriptions',
        reset: () => {
          subscriptions.clear();
          subscribeAtStart(config, this.accounts, subscriptions);
        },
        state: share('subscriptions', subscriptions),
      },
      world,
      { name: 'catalogue', reset: () => catalogue.reset(), state: share('catalogue', catalogue) },
      {
        name: 'delivery',
        reset: () => delivery.reset(),
        // With a data dir, the state is saved once the in-flight attempts are done and before what
        // still waits is cancelled: a restart resumes those deliveries.
        drain: async (graceMs) => {
          this.drained = await delivery.drain(graceMs, () => this.persistence.stop());
        },
        close: () => delivery.close(),
        state: share('deliveries', delivery),
      },
      { name: 'scenarios', reset: () => scenarios.reset(), drain: () => scenarios.close(), close: () => scenarios.close() },
      { name: 'schedules', reset: () => schedules.reset(), drain: () => schedules.close(), close: () => schedules.close(), state: share('schedules', schedules) },
      // Receiver checks send through the engine: stopped (between cases) before it drains or closes.
      checks,
      // Last in build order, so first to stop: no write after close begins cancelling.
      { name: 'persistence', reset: () => this.persistence.replaced(), close: () => this.persistence.stop() },
    ];
  }

  /** With a data dir, a webhook is sent only once what it shows is durable (the log's group commit). */
  private durableTransport(dataDir: string | undefined, transport: Transport): Transport {
    return dataDir === undefined ? transport : afterDurableTransport(transport, (fn) => this.persistence.afterDurable(fn));
  }

  /** The HTTP app: the emulated Solar Proof API and the control API, behind the guard. */
  private buildApp(config: Config): Express {
    const settings = this.config;
    const dataApi = createDataApi({
      accounts: this.accounts,
      world: () => this.world.current(),
      trigger: (request) => this.events.trigger(request),
      onCall: (call) => this.checks.heard(call),
      payloadStyle: () => settings.get().payloadStyle,
    });
    return createApp({
      guard: { settings: () => guardSettingsOf(settings.get()), boundHost: () => settings.get().host },
      logger: this.logger,
      draining: () => this.draining,
      persistence: () => this.persistence?.answering(),
      solarproof: solarproofApi({
        accounts: this.accounts,
        subscriptions: this.subscriptions,
        settings: () => settings.get(),
        hookRules: () => hookRulesOf(settings.get()),
        clock: this.clock,
        random: this.random.fork('api-faults'),
        dataApi,
      }),
      control: controlApi({
        subscriptions: this.subscriptions,
        config: settings,
        reset: () => this.reset(),
        catalogue: this.catalogue,
        events: this.events,
        payloadVersion: () => settings.get().payloadVersion,
        apiKeys: () => this.accounts.all().map((a) => a.apiKey),
        delivery: config.dataDir === undefined ? this.delivery : seenDelivery(this.delivery, () => this.persistence),
        settings: () => settings.get().delivery,
        wallClock: this.wallClock,
        logStats: () => logStats(this.logger),
        schedules: this.schedules,
        scenarios: this.scenarios,
        checks: this.checks,
        maxBodyBytes: config.api.maxBodyBytes,
        maxStateBytes: config.api.maxStateBytes,
        logger: this.logger,
        worldAccounts: () => this.world.current().accounts(),
        runTimeAccounts: runTimeAccounts({ registry: this.accounts, world: this.world, subscriptions: this.subscriptions, changed: () => this.persistence.replaced() }),
        state: { get: () => this.exportState(), put: (doc) => this.importState(doc) },
      }),
    });
  }

  /** Restores the data dir's saved state, if any, and keeps the folder in step from now on. Throws DataDirError. */
  private openPersistence(dataDir: string | undefined): Persistence {
    return openPersistence({
      dataDir,
      logger: this.logger,
      exportState: () => this.exportState(),
      importState: (saved) => restoreState(this.stateParts(), saved),
      // A --forward-to or configured subscription added since the state was saved is made too.
      afterRestore: () => subscribeAtStart(this.config, this.accounts, this.subscriptions),
      restoredSummary: () => ({ subscriptions: this.subscriptions.list().length, journal: this.delivery.stats().journal.size, pending: this.delivery.stats().pending }),
      onChange: (listener) => {
        this.delivery.onChange((d) => listener(d));
        this.config.onChange(() => listener());
      },
      worldIds: () => this.world.current().nextIds(),
      shares: () => this.stateParts().shares,
    });
  }

  private stateParts(): StateParts {
    return {
      seed: this.seed,
      accounts: this.accounts,
      shares: this.parts.flatMap((p) => (p.state ? [p.state] : [])),
      beforeRestore: () => this.scenarios.reset(),
      now: () => this.wallClock.now(),
    };
  }

  exportState(): StateDocument {
    return captureState(this.stateParts());
  }

  importState(doc: unknown): StateDocument {
    const restored = restoreState(this.stateParts(), doc);
    this.persistence.replaced();
    return restored;
  }

  async listen(): Promise<string> {
    const { host, port, tls, tlsCert, tlsKey, dataDir } = this.config.get();
    const served = await serverTls({ tls, tlsCert, tlsKey, dataDir, host });
    if (served) this.tlsCertificate = { file: served.certFile, pem: served.cert, origin: served.origin };
    const server = (this.server = await startServer(this.app, host, port, served));
    if (!this.closed) this.warming = warmAfterStart(this.warmSteps(), (f) => server.afterFirstAnswer(f), 50);
    return server.url;
  }

  private warmSteps(): (() => void)[] { // just after start-up (decisions 0023, 0028, 0042): transport, delivery path, world, an example of each type
    return [() => this.transport.warm?.(), () => this.delivery.warm?.(), () => this.world.warm(), () => void this.catalogue.describe(this.config.get().payloadVersion)];
  }

  async reset(): Promise<void> {
    for (const part of this.parts) await part.reset?.();
  }

  async drain(graceMs: number = this.config.get().shutdownGraceMs): Promise<{ finished: number; cutOff: number }> {
    if (this.closed || this.draining) {
      await this.close();
      return { finished: 0, cutOff: 0 };
    }
    this.draining = true; // the HTTP surfaces answer 503 from now on
    for (const part of [...this.parts].reverse()) await part.drain?.(graceMs);
    await this.close();
    return this.drained;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.warming.stop();
    // Reverse build order: what triggers events (schedules, scenarios) stops before the engine it feeds.
    for (const part of [...this.parts].reverse()) await part.close?.();
  }
}
