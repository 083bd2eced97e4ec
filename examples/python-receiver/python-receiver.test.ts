// The standard-library Python receiver as a team runs it: `python3 receiver.py --subscribe ...`
// as a real process, and solarproof-mock (in this process) sending it every event type.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator, type PayloadVersion, type RunningEmulator, type StartOptions } from 'solarproof-mock';
import { cliArgs } from '../../test/support/cli-process.js';
import { newEventsFile, expectEveryTypeReceived, expectRefusesNonWebhooks, hasCommand, run, type OnTestFinished, type RunningProcess } from '../support/external-receiver.js';

const HERE = import.meta.dirname;
const PYTHON = hasCommand('python3');
if (!PYTHON) console.log('python receiver example SKIPPED: python3 not found (apt-get install python3)');
const PYTEST = PYTHON && spawnSync('python3', ['-m', 'pytest', '--version'], { stdio: 'ignore' }).status === 0;
if (PYTHON && !PYTEST) console.log('python receiver pytest suite SKIPPED: pytest not found (pip install pytest)');
const ROOT = join(HERE, '..', '..');

// The tests run at the same time (describe.concurrent): each waits on its own processes (python3,
// pytest and the CLI it starts), and ends its own processes, emulator and folders (onTestFinished).

/** An emulator for one test, closed when that test ends (after its receiver has stopped). */
async function emulator(onTestFinished: OnTestFinished, options: StartOptions): Promise<RunningEmulator> {
  const emu = await startEmulator(options);
  onTestFinished(() => emu.close());
  return emu;
}

/** Resolves once a whole output line matches `pattern`; rejects if the process exits first. */
function lineMatching(proc: RunningProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      for (const line of proc.output().split('\n').slice(0, -1)) {
        const m = pattern.exec(line);
        if (m) {
          proc.child.stdout!.off('data', check);
          return resolve(m);
        }
      }
    };
    proc.child.stdout!.on('data', check);
    check();
    void proc.exited.then((code) => reject(new Error(`receiver.py exited with ${code}:\n${proc.output()}`)));
  });
}

function startReceiver(onTestFinished: OnTestFinished, eventsFile: string, subscribeTo?: RunningEmulator): RunningProcess {
  const args = ['receiver.py', '--port', '0', '--events-file', eventsFile];
  if (subscribeTo) args.push('--subscribe', subscribeTo.url, '--api-key', subscribeTo.apiKey);
  return run('python3', args, { cwd: HERE, env: { PYTHONDONTWRITEBYTECODE: '1' }, onTestFinished });
}

describe.skipIf(!PYTHON)('python receiver example', { concurrent: true }, () => {
  for (const version of ['v2', 'v1'] as PayloadVersion[]) {
    it(`subscribes one URL per type on start and records every ${version} event with its shape`, async ({ onTestFinished }) => {
      const emu = await emulator(onTestFinished, { seed: 12, payloadVersion: version });
      const eventsFile = newEventsFile('python-receiver-', onTestFinished);
      const receiver = startReceiver(onTestFinished, eventsFile, emu);
      const listening = lineMatching(receiver, /^receiver listening on (http:\/\/127\.0\.0\.1:\d+)$/);
      const subscribed = lineMatching(receiver, /^subscribed every event type$/);
      const url = (await listening)[1]!;
      await subscribed;
      if (version === 'v1') expect(receiver.output()).toContain('skipped contract_signed');
      await expectEveryTypeReceived(emu, version, eventsFile, url);
    }, 60_000);
  }

  it('reads the body whatever the Content-Type says (every attempt labelled text/plain)', async ({ onTestFinished }) => {
    const emu = await emulator(onTestFinished, { seed: 14, delivery: { faults: { wrongContentType: 1 } } });
    const eventsFile = newEventsFile('python-receiver-', onTestFinished);
    const receiver = startReceiver(onTestFinished, eventsFile, emu);
    const url = (await lineMatching(receiver, /^receiver listening on (http:\/\/127\.0\.0\.1:\d+)$/))[1]!;
    await lineMatching(receiver, /^subscribed every event type$/);
    await expectEveryTypeReceived(emu, 'v2', eventsFile, url);
    expect(new Set((await emu.deliveries.list()).map((d) => d.attempts[0]?.fault))).toEqual(new Set(['wrongContentType']));
  }, 60_000);

  it('answers 400 to a body that is not JSON and 404 off the webhook URLs, recording nothing', async ({ onTestFinished }) => {
    const eventsFile = newEventsFile('python-receiver-', onTestFinished);
    const receiver = startReceiver(onTestFinished, eventsFile);
    const url = (await lineMatching(receiver, /^receiver listening on (http:\/\/127\.0\.0\.1:\d+)$/))[1]!;
    await expectRefusesNonWebhooks(url, eventsFile);
  }, 60_000);

  it('exits 1 naming the problem when Solar Proof cannot be reached to subscribe', async ({ onTestFinished }) => {
    const eventsFile = newEventsFile('python-receiver-', onTestFinished);
    const receiver = run('python3', ['receiver.py', '--port', '0', '--events-file', eventsFile, '--subscribe', 'http://127.0.0.1:9'], { cwd: HERE, onTestFinished });
    expect(await receiver.exited).toBe(1);
    expect(receiver.output()).toContain('could not subscribe customer_created: no answer from http://127.0.0.1:9');
  }, 60_000);

  it.skipIf(!PYTEST)("passes its own pytest suite, whose fixture runs the solarproof-mock CLI (docs/pytest.md)", async ({ onTestFinished }) => {
    // In this clone the CLI runs from src/ (the run's bundle of it, or under tsx); a user's project uses npx.
    const cli = [process.execPath, ...cliArgs([])].map((a) => (a === 'src/cli/main.ts' ? join(ROOT, a) : a)).map((a) => `'${a}'`).join(' ');
    const pytest = run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', HERE], {
      cwd: ROOT,
      env: { SOLARPROOF_MOCK_CMD: cli, PYTHONDONTWRITEBYTECODE: '1' },
      onTestFinished,
    });
    const code = await pytest.exited;
    expect(code, pytest.output()).toBe(0);
    expect(pytest.output()).toContain('1 passed');
  }, 60_000);
});
