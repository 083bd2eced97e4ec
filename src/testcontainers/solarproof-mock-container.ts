import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { createClient, type EmulatorClient } from '../client/create-client.js';
import type { ConfigInput } from '../contract/wire-types.js';
import { DEFAULT_API_KEY } from '../core/account.js';

/** The port the image listens on (`SPMOCK_PORT` in the Dockerfile). */
export const SOLARPROOF_MOCK_PORT = 4477;
/** The image `docker build -t solarproof-mock .` makes (the package is not on a registry yet). */
export const DEFAULT_IMAGE = 'solarproof-mock:latest';
const CONFIG_PATH = '/etc/solarproof-mock/config.json';

/**
 * The emulator as a testcontainers module: `new SolarProofMockContainer().withSeed(7).start()`.
 * Waits on `GET /_emulator/health` (HTTP), not on the image's HEALTHCHECK, so `start()` returns
 * as soon as the server answers.
 *
 * @example
 *   const sp = await new SolarProofMockContainer('solarproof-mock:ci').withSeed(7).start();
 *   await sp.getClient().subscribe('http://host.docker.internal:3000/hooks', 'customer_created');
 *   await sp.stop();
 */
export class SolarProofMockContainer extends GenericContainer {
  private apiKeys: string[] = [];
  private adminToken: string | undefined;

  constructor(image: string = DEFAULT_IMAGE) {
    super(image);
    this.withExposedPorts(SOLARPROOF_MOCK_PORT)
      .withWaitStrategy(Wait.forHttp('/_emulator/health', SOLARPROOF_MOCK_PORT).forStatusCode(200))
      .withStartupTimeout(60_000);
  }

  /** Fake data, latency and faults from this seed (`SPMOCK_SEED`): the same run every time. */
  withSeed(seed: number): this {
    return this.withEnvironment({ SPMOCK_SEED: String(seed) });
  }

  /** The accounts' API keys (`SPMOCK_API_KEYS`); the client uses the first. */
  withApiKeys(...keys: string[]): this {
    if (keys.length === 0) throw new Error('withApiKeys needs at least one key, e.g. withApiKeys("sp_test_key")');
    this.apiKeys = keys;
    return this.withEnvironment({ SPMOCK_API_KEYS: keys.join(',') });
  }

  /** Closes the control API behind `Authorization: Bearer <token>` (health stays open); the client sends it. */
  withAdminToken(token: string): this {
    this.adminToken = token;
    return this.withEnvironment({ SPMOCK_ADMIN_TOKEN: token });
  }

  /**
   * Any key of the config schema (docs/configuration.md), copied in as the config file
   * (`SPMOCK_CONFIG`). The image's host and port stay in force (environment wins over the file).
   */
  withConfig(config: ConfigInput): this {
    this.withCopyContentToContainer([{ content: JSON.stringify(config), target: CONFIG_PATH, mode: 0o644 }]);
    return this.withEnvironment({ SPMOCK_CONFIG: CONFIG_PATH });
  }

  override async start(): Promise<StartedSolarProofMockContainer> {
    return new StartedSolarProofMockContainer(await super.start(), this.apiKeys[0], this.adminToken);
  }
}

/** A running emulator container: its base URL on the host and the typed client. */
export class StartedSolarProofMockContainer extends AbstractStartedContainer {
  private readonly client: EmulatorClient;

  constructor(
    started: StartedTestContainer,
    private readonly apiKey: string | undefined,
    private readonly adminToken: string | undefined,
  ) {
    super(started);
    this.client = createClient(this.getUrl(), { apiKey, token: adminToken });
  }

  /** The base URL from the host, e.g. `http://localhost:32771` (apidata.php and /_emulator/* under it). */
  getUrl(): string {
    return `http://${this.getHost()}:${this.getMappedPort(SOLARPROOF_MOCK_PORT)}`;
  }

  /** The typed client (`createClient`) for this container, with its API key and admin token. */
  getClient(): EmulatorClient {
    return this.client;
  }

  /** The API key the client sends to /apidata.php (the first of `withApiKeys`, or the default). */
  getApiKey(): string {
    return this.apiKey ?? DEFAULT_API_KEY;
  }

  /** The admin token given to `withAdminToken`, if any. */
  getAdminToken(): string | undefined {
    return this.adminToken;
  }
}
