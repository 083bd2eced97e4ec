import { describe, expect, it } from 'vitest';
import { EmulatorApiError } from '../client/emulator-api-error.js';
import { defineSubcommand, type SubcommandArgs } from './define-subcommand.js';

function capture() {
  const out = { text: '', write: (t: string) => (out.text += t) };
  const err = { text: '', write: (t: string) => (err.text += t) };
  return { out, err };
}

const options = { count: { type: 'string' } } as const;
let seen: SubcommandArgs<typeof options> | undefined;
const demo = defineSubcommand({
  name: 'demo',
  help: 'Usage: solarproof-mock demo [--count N]',
  options,
  async run(args) {
    seen = args;
    return 0;
  },
});

describe('defineSubcommand', () => {
  it('prints the help on stdout with --help or -h, exit 0, without running', async () => {
    for (const flag of ['--help', '-h']) {
      seen = undefined;
      const { out, err } = capture();
      expect(await demo([flag], {}, out, err)).toBe(0);
      expect(out.text).toBe('Usage: solarproof-mock demo [--count N]\n');
      expect(err.text).toBe('');
      expect(seen).toBeUndefined();
    }
  });

  it('answers 2 with the problem and the help on stderr for an unknown flag or a missing value', async () => {
    for (const argv of [['--colour'], ['--count']]) {
      const { out, err } = capture();
      expect(await demo(argv, {}, out, err)).toBe(2);
      expect(err.text).toMatch(/^solarproof-mock demo: .+\n\nUsage: solarproof-mock demo \[--count N\]\n$/);
      expect(out.text).toBe('');
    }
  });

  it('names the flag it guesses was meant: "unknown flag --cout; did you mean --count?" (exit 2)', async () => {
    const { out, err } = capture();
    seen = undefined;
    expect(await demo(['--cout', '3'], {}, out, err)).toBe(2);
    expect(err.text).toMatch(/^solarproof-mock demo: unknown flag --cout; did you mean --count\?\n/);
    expect(seen).toBeUndefined();
  });

  it('takes the URL from --url, else SPMOCK_URL, else the default, without a trailing slash', async () => {
    const { out, err } = capture();
    await demo(['--count', '2', 'x'], { SPMOCK_URL: 'http://127.0.0.1:5000/' }, out, err);
    expect(seen).toMatchObject({ url: 'http://127.0.0.1:5000', positionals: ['x'], values: { count: '2' } });
    await demo(['--url', 'http://127.0.0.1:6000//'], { SPMOCK_URL: 'http://127.0.0.1:5000' }, out, err);
    expect(seen?.url).toBe('http://127.0.0.1:6000');
    await demo([], {}, out, err);
    expect(seen?.url).toBe('http://127.0.0.1:4477');
  });

  it('fail() prints a problem as code: detail, and anything else as cannot reach; both exit 1', async () => {
    const { out, err } = capture();
    await demo(['--url', 'http://127.0.0.1:9'], {}, out, err);
    const problem = new EmulatorApiError(400, 'UNKNOWN_EVENT_TYPE', 'Unknown event type "x".', { code: 'UNKNOWN_EVENT_TYPE', detail: 'Unknown event type "x".' });
    expect(seen!.fail(problem)).toBe(1);
    expect(seen!.fail(new TypeError('fetch failed'))).toBe(1);
    expect(seen!.fail(new EmulatorApiError(404, 'HTTP_404', '<h1>nope</h1>', '<h1>nope</h1>'))).toBe(1);
    expect(err.text.split('\n').filter(Boolean)).toEqual([
      'solarproof-mock demo: UNKNOWN_EVENT_TYPE: Unknown event type "x".',
      'solarproof-mock demo: cannot reach the emulator at http://127.0.0.1:9 (fetch failed); is it running? Start it with `solarproof-mock` or pass --url.',
      'solarproof-mock demo: cannot reach the emulator at http://127.0.0.1:9 (it answered 404 without a problem document); is it running? Start it with `solarproof-mock` or pass --url.',
    ]);
  });
});
