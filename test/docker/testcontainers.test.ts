import { describe, expect, it } from 'vitest';
import { dockerImage } from './docker-available.js';

/**
 * `solarproof-mock/testcontainers` against the image `.ci/run` builds. Ryuk (testcontainers'
 * reaper) is an image from Docker Hub, which this CI cannot pull: each container is stopped here.
 */
const docker = dockerImage();
if ('skip' in docker) console.log(`Docker tests SKIPPED: ${docker.skip}`);
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

describe.skipIf('skip' in docker)('SolarProofMockContainer (testcontainers)', () => {
  it('starts the image on HTTP health; the seed, API keys, admin token and config are applied; the client works', async () => {
    const { SolarProofMockContainer } = await import('../../src/testcontainers/index.js');
    const image = (docker as { image: string }).image;
    const started = Date.now();
    const sp = await new SolarProofMockContainer(image)
      .withSeed(7)
      .withApiKeys('sp_key_one', 'sp_key_two')
      .withAdminToken('tc-secret')
      .withConfig({ payloadVersion: 'v1', delivery: { timeoutMs: 1234, retry: { schedule: [] } } })
      .start();
    const startMs = Date.now() - started;
    console.log(`time-to-healthy (testcontainers): start() resolved after ${startMs} ms`);
    try {
      expect(sp.getUrl()).toMatch(/^http:\/\/[^:]+:\d+$/);
      const client = sp.getClient();
      expect(await client.health()).toMatchObject({ status: 'ok' });
      // The admin token closes the control API to a caller without it; the client sends it.
      expect((await fetch(`${sp.getUrl()}/_emulator/config`)).status).toBe(401);
      const config = await client.config.get();
      expect(config.payloadVersion).toBe('v1');
      expect(config.delivery.timeoutMs).toBe(1234);
      // The API keys: the first is the client's; the default key is no longer an account.
      expect(sp.getApiKey()).toBe('sp_key_one');
      await client.subscribe('http://127.0.0.1:9/hooks', 'customer_created');
      const refused = await fetch(`${sp.getUrl()}/apidata.php?action=subscribe_customer&api_key=sp_test_key`, {
        method: 'POST',
        body: JSON.stringify({ hookUrl: 'http://127.0.0.1:9/hooks', type_request: 'customer_created' }),
      });
      expect(((await refused.json()) as { success: boolean }).success).toBe(false);
      // The seed is the one given (and so the same fake data every run).
      expect((await client.config.get()).seed).toBe(7);
      const { events } = await client.trigger('customer_created');
      // Nothing listens on port 9 in the container: the delivery ends failed, recorded.
      const [delivery] = await client.deliveries.waitFor({ eventId: events[0]!.id, state: 'failed' }, { timeoutMs: 20_000 });
      expect(delivery!.attempts[0]!.outcome).toBe('connection_refused');
    } finally {
      await sp.stop();
    }
  }, 180_000);
});
