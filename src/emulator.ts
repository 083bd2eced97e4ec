import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createAccountRegistry, type AccountRegistry } from './accounts/account-registry.js';
import type { Config } from './config/config-schema.js';
import { ConfigStore } from './config/config-store.js';
import { scaledClock, systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { createCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { createDeliveryEngine, type DeliveryEngine } from './delivery/delivery-engine.js';
import { createRandom, type Random } from './core/random.js';
import { createScenarioRunner, type ScenarioRunner } from './scenarios/scenario-runner.js';
import { createScheduler, type Scheduler } from './schedules/scheduler.js';
import { controlApi } from './http/control-api.js';
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

/**
 * The composition root: every part of the emulator, wired once. No part reaches for a global
 * (faker, setTimeout, Date.now): each gets what it needs from here.
 */
export interface Emulator {
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
  readonly app: Express;
  /** Fan-out of events to subscriptions: latency, faults, attempts, retries, journal. */
  readonly delivery: DeliveryEngine;
  /** The seeded fake world and a payload per (event type, payload version). */
  readonly catalogue: Catalogue;
  /** Events over time (config `schedules`, `--schedule`, /_emulator/schedules). */
  readonly schedules: Scheduler;
  /** Named flows of events about one customer and project (/_emulator/scenarios). */
  readonly scenarios: ScenarioRunner;
  /** Registers a part's reset/close behaviour: reset in registration order, closed in reverse. */
  use(part: Lifecycle): void;
  /** Starts serving; resolves with the base URL, e.g. `http://127.0.0.1:4477`. */
  listen(): Promise<string>;
  /** Back to the start state with the same seed: no subscriptions, empty journal, fresh world. */
  reset(): Promise<void>;
  /** Cancels pending work, stops schedules and the server. Safe to call twice. */
  close(): Promise<void>;
}

export function createEmulator(config: Config & { seed: number }, deps: EmulatorDeps = {}): Emulator {
  const wallClock = deps.clock ?? systemClock;
  const configStore = new ConfigStore(config);
  const parts: Lifecycle[] = [];
  let server: Server | undefined;
  let closed = false;

  const emu: Emulator = {
    config: configStore,
    seed: config.seed,
    accounts: createAccountRegistry(config.accounts),
    subscriptions: new SubscriptionStore(() => wallClock.now()),
    random: createRandom(config.seed),
    wallClock,
    clock: scaledClock(wallClock, () => configStore.get().timeScale),
    logger: deps.logger ?? createLogger(config.logLevel),
    app: express(),
    // Parts are created below, once the core they depend on exists.
    delivery: undefined as unknown as DeliveryEngine,
    catalogue: undefined as unknown as Catalogue,
    schedules: undefined as unknown as Scheduler,
    scenarios: undefined as unknown as ScenarioRunner,
    use(part) {
      parts.push(part);
    },
    async listen() {
      const { host, port } = configStore.get();
      server = createServer(emu.app);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async reset() {
      configStore.reset();
      emu.subscriptions.clear();
      for (const part of parts) await part.reset?.();
    },
    async close() {
      if (closed) return;
      closed = true;
      // Last registered first: emitters (schedules, scenarios) stop before the engine they feed.
      for (const part of [...parts].reverse()) await part.close?.();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
    },
  };

  const catalogue = createCatalogue(emu);
  (emu as { catalogue: Catalogue }).catalogue = catalogue;
  emu.use({ reset: () => catalogue.reset() });
  (emu as { delivery: DeliveryEngine }).delivery = createDeliveryEngine(emu);
  (emu as { scenarios: ScenarioRunner }).scenarios = createScenarioRunner(emu);
  // Last: configured schedules start emitting as soon as the scheduler exists.
  (emu as { schedules: Scheduler }).schedules = createScheduler(emu);

  emu.app.disable('x-powered-by');
  emu.app.set('etag', false);
  emu.app.use(requestLog(emu.logger));
  emu.app.use(solarproofApi(emu));
  emu.app.use('/_emulator', controlApi(emu));
  return emu;
}
