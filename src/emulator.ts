import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createAccountRegistry, type AccountRegistry } from './accounts/account-registry.js';
import type { Config } from './config/config-schema.js';
import { ConfigStore } from './config/config-store.js';
import { scaledClock, systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { createCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { eventTypesFor } from './catalogue/event-types.js';
import { createDeliveryEngine, type DeliveryEngine } from './delivery/delivery-engine.js';
import { createRandom, type Random } from './core/random.js';
import { createScenarioRunner, type ScenarioRunner } from './scenarios/scenario-runner.js';
import { createScheduler, type Scheduler } from './schedules/scheduler.js';
import { controlApi } from './http/control-api.js';
import { DASHBOARD_ASSETS_DIR, dashboardRouter, htmlRootRedirect } from './http/dashboard.js';
import { requestLog } from './http/request-log.js';
import { solarproofApi } from './http/solarproof-api.js';
import { SubscriptionStore } from './subscriptions/subscription-store.js';

export interface EmulatorDeps {
  /** Wall clock (timestamps) and timer source; a ManualClock lets a test drive time by hand. */
  clock?: Clock;
  logger?: Logger;
}

/** A hook a part registers to take part in reset and close. */
interface Lifecycle {
  reset?(): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Wires an emulator from a loaded configuration (see `loadConfig`); `listen()` starts serving. */
export function createEmulator(config: Config & { seed: number }, deps: EmulatorDeps = {}): Emulator {
  return new Emulator(config, deps);
}

/**
 * The composition root: every part of the emulator, wired once. No part reaches for a global
 * (faker, setTimeout, Date.now): each gets what it needs from here. Parts are created in the
 * constructor in dependency order, each handed the emulator as it stands (a part only uses the
 * parts created before it while it is being built).
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
  /** Named flows of events about one customer and project (/_emulator/scenarios). */
  readonly scenarios: ScenarioRunner;
  /** Events over time (config `schedules`, `--schedule`, /_emulator/schedules). */
  readonly schedules: Scheduler;
  private readonly parts: Lifecycle[] = [];
  private server: Server | undefined;
  private closed = false;

  constructor(config: Config & { seed: number }, deps: EmulatorDeps) {
    this.wallClock = deps.clock ?? systemClock;
    this.config = new ConfigStore(config);
    this.seed = config.seed;
    this.accounts = createAccountRegistry(config.accounts);
    this.subscriptions = new SubscriptionStore(() => this.wallClock.now());
    this.subscribeAtStart();
    this.random = createRandom(config.seed);
    this.clock = scaledClock(this.wallClock, () => this.config.get().timeScale);
    const format = config.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.logFormat;
    this.logger = deps.logger ?? createLogger(config.logLevel, format);

    this.catalogue = createCatalogue(this);
    const catalogue = this.catalogue;
    this.use({ reset: () => catalogue.reset() });
    this.delivery = createDeliveryEngine(this);
    this.scenarios = createScenarioRunner(this);
    // Last: configured schedules start emitting as soon as the scheduler exists.
    this.schedules = createScheduler(this);

    this.app.disable('x-powered-by');
    this.app.set('etag', false);
    this.app.use(requestLog(this.logger));
    this.app.use(solarproofApi(this));
    this.app.use('/_emulator/ui', dashboardRouter({ assetsDir: DASHBOARD_ASSETS_DIR }));
    this.app.get('/', htmlRootRedirect());
    this.app.use('/_emulator', controlApi(this));
  }

  /** Registers a part's reset/close behaviour: reset in registration order, closed in reverse. */
  use(part: Lifecycle): void {
    this.parts.push(part);
  }

  /** The configured `subscriptions` (and `--forward-to` URLs), made as apidata.php would make them. */
  private subscribeAtStart(): void {
    const { subscriptions, payloadVersion } = this.config.get();
    for (const sub of subscriptions) {
      const apiKey = sub.apiKey ?? this.accounts.primary().apiKey;
      const types = sub.types === '*' ? eventTypesFor(payloadVersion) : sub.types;
      for (const type of types) this.subscriptions.subscribe(apiKey, sub.hookUrl, type);
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
    for (const part of this.parts) await part.reset?.();
  }

  /** Cancels pending work, stops schedules and the server. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Last registered first: emitters (schedules, scenarios) stop before the engine they feed.
    for (const part of [...this.parts].reverse()) await part.close?.();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }
}
