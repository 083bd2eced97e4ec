// The plain-PHP receiver as an integrator runs it: `php -S` serving receiver.php, subscribe.php
// subscribing one URL per event type, and solarproof-mock (in this process) sending every type.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type PayloadVersion, type RunningEmulator } from 'solarproof-mock';
import { newEventsFile, expectEveryTypeReceived, expectRefusesNonWebhooks, freePort, hasCommand, run, stopAll, until } from '../support/external-receiver.js';

const HERE = import.meta.dirname;
const PHP = hasCommand('php');
if (!PHP) console.log('php receiver example SKIPPED: php not found (apt-get install php-cli)');

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await stopAll();
  await emu?.close();
  emu = undefined;
});

/** `php -S 127.0.0.1:PORT receiver.php`, ready once /health answers (a new port if one was taken). */
async function startReceiver(eventsFile: string): Promise<string> {
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    const server = run('php', ['-S', `127.0.0.1:${port}`, 'receiver.php'], { cwd: HERE, env: { SOLARPROOF_EVENTS_FILE: eventsFile } });
    const url = `http://127.0.0.1:${port}`;
    let exited = false;
    void server.exited.then(() => (exited = true));
    const ready = await until(`php -S on ${url}`, async () => {
      if (exited) return 'exited';
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      return ok ? 'ready' : undefined;
    });
    if (ready === 'ready') return url;
    if (tries === 3) throw new Error(`php -S did not start:\n${server.output()}`);
  }
}

async function subscribe(receiverUrl: string): Promise<string> {
  const script = run('php', ['subscribe.php'], {
    cwd: HERE,
    env: { SOLARPROOF_URL: emu!.url, SOLARPROOF_API_KEY: emu!.apiKey, RECEIVER_URL: receiverUrl },
  });
  const code = await script.exited;
  expect(code, script.output()).toBe(0);
  return script.output();
}

describe.skipIf(!PHP)('php receiver example', () => {
  for (const version of ['v2', 'v1'] as PayloadVersion[]) {
    it(`subscribes one URL per type and records every ${version} event with its shape`, async () => {
      emu = await startEmulator({ seed: 11, payloadVersion: version });
      const eventsFile = newEventsFile('php-receiver-');
      const url = await startReceiver(eventsFile);
      const output = await subscribe(url);
      if (version === 'v1') expect(output).toContain('skipped contract_signed');
      await expectEveryTypeReceived(emu, version, eventsFile, url);
    }, 60_000);
  }

  it('reads the body whatever the Content-Type says (every attempt labelled text/plain)', async () => {
    emu = await startEmulator({ seed: 13, delivery: { faults: { wrongContentType: 1 } } });
    const eventsFile = newEventsFile('php-receiver-');
    const url = await startReceiver(eventsFile);
    await subscribe(url);
    await expectEveryTypeReceived(emu, 'v2', eventsFile, url);
    expect(new Set((await emu.deliveries.list()).map((d) => d.attempts[0]?.fault))).toEqual(new Set(['wrongContentType']));
  }, 60_000);

  it('answers 400 to a body that is not JSON and 404 off the webhook URLs, recording nothing', async () => {
    const eventsFile = newEventsFile('php-receiver-');
    const url = await startReceiver(eventsFile);
    await expectRefusesNonWebhooks(url, eventsFile);
  }, 30_000);
});
