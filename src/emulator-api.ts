/**
 * The public face of a wired emulator (`createEmulator`, `startEmulator().emulator`): an
 * interface over the composition root (`emulator.ts`), which keeps its parts list, server and
 * data dir to itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalogue } from './catalogue/catalogue.js';
import type { Checks } from './check/checks-part.js';
import type { ConfigStore } from './config/config-store.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import type { Random } from './core/random.js';
import type { DeliveryEngine } from './delivery/delivery-engine.js';
import type { Transport } from './delivery/transport.js';
import type { EventTrigger } from './events/event-trigger.js';
import type { BaseLookup } from './guard/guarded-lookup.js';
import type { ScenarioRunner } from './scenarios/scenario-runner.js';
import type { Scheduler } from './schedules/scheduler.js';
import type { AccountRegistry } from './solarproof/account-registry.js';
import type { SubscriptionStore } from './solarproof/subscription-store.js';
import type { StateDocument } from './state/state-document.js';
import type { WorldPart } from './world/world-part.js';

/** A Node request handler that may be mounted as Express middleware (`next` is called on a miss). */
export type EmulatorApp = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** The edges of the emulator, each replaceable by a test (through `createEmulator` or `startEmulator`). */
export interface EmulatorDeps {
  /** Wall clock (timestamps) and timer source; a ManualClock lets a test drive time by hand. */
  clock?: Clock;
  logger?: Logger;
  /** Sends every attempt; defaults to undici with keep-alive pools. A fake lets a test script outcomes. */
  transport?: Transport;
  /** The root random stream (default: seeded from `config.seed`); parts fork their own from it. */
  random?: Random;
  /**
   * Resolves hook-URL host names (`dns.lookup`-compatible; default the system resolver). A test
   * resolver stands in for outside addresses; the hook-host rules still judge what it returns.
   */
  lookup?: BaseLookup;
}

/**
 * A wired emulator: its parts, for advanced use (`emulator.delivery.waitFor`,
 * `emulator.subscriptions.list()`), and its lifecycle. `startEmulator()` gives one as `.emulator`.
 */
export interface Emulator {
  readonly config: ConfigStore;
  /** The seed in force (given, or picked at start). */
  readonly seed: number;
  /** The API keys in force (read-only here: add and revoke through `POST/DELETE /_emulator/accounts`, which also give and drop the account's world). */
  readonly accounts: Pick<AccountRegistry, 'get' | 'all' | 'primary' | 'configured'>;
  readonly subscriptions: SubscriptionStore;
  /** The root random stream; parts take `random.fork('name')`. */
  readonly random: Random;
  /** Wall clock: timestamps in the journal and subscriptions. */
  readonly wallClock: Clock;
  /** The clock for every wait the emulator makes: waits are multiplied by `timeScale`. */
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * The HTTP app (both surfaces; an Express app underneath), e.g. for supertest without listening,
   * `http.createServer(emulator.app)` or `yourExpressApp.use('/mock', emulator.app)`. Typed as
   * Node's request handler so that a user's strict `tsc` needs no @types/express (decision 0013).
   */
  readonly app: EmulatorApp;
  /** The seeded fake world: customers, projects and users of every account. */
  readonly world: WorldPart;
  /** A payload per (event type, payload version), rendered from the world's happenings. */
  readonly catalogue: Catalogue;
  /** Fan-out of events to subscriptions: latency, faults, attempts, retries, journal. */
  readonly delivery: DeliveryEngine;
  /** The one path that makes events happen: triggers, schedule ticks, scenario steps. */
  readonly events: EventTrigger;
  /** Named flows of events about one customer and project (/_emulator/scenarios). */
  readonly scenarios: ScenarioRunner;
  /** Events over time (config `schedules`, `--schedule`, /_emulator/schedules). */
  readonly schedules: Scheduler;
  /** Receiver checks (docs/check.md): `emulator.checks.run({ forwardTo }).done` resolves with the report. */
  readonly checks: Checks;
  /** Starts serving; resolves with the base URL, e.g. `http://127.0.0.1:4477` (`https://` with `tls` or `tlsCert`). */
  listen(): Promise<string>;
  /** Once listening over HTTPS: the certificate served (PEM) and its file, for a client to trust. */
  readonly tlsCertificate: TlsCertificate | undefined;
  /** Back to the start state with the same seed: no subscriptions, empty journal, fresh world. */
  reset(): Promise<void>;
  /**
   * Graceful stop (SIGTERM/SIGINT): new requests get 503, schedules and scenarios stop, the
   * attempts in flight finish for up to `graceMs` (default `shutdownGraceMs`) with their real
   * outcome recorded, then what is still pending is cancelled and the server closes.
   */
  drain(graceMs?: number): Promise<{ finished: number; cutOff: number }>;
  /** Cancels pending work, stops schedules and the server. Safe to call twice. */
  close(): Promise<void>;
  /** The whole state as one versioned document (`GET /_emulator/state`). */
  exportState(): StateDocument;
  /** Replaces the whole state (`PUT /_emulator/state`, `--import`); throws InvalidStateError and changes nothing when the document does not fit. */
  importState(doc: unknown): StateDocument;
}

/** The certificate an emulator serves HTTPS with: trust `pem` (or the file) in the client. */
export interface TlsCertificate {
  /** Absolute path of the certificate (PEM). */
  file: string;
  pem: string;
  /** `made` at this start, `kept` from the data dir (`tls/`), or `given` (--tls-cert). */
  origin: 'made' | 'kept' | 'given';
}
