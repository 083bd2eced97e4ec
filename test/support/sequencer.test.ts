import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedMs, longestFirst } from './sequencer.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the order the test files run in (sequencer.ts)', () => {
  it('takes the measured table first, then vitest\'s cache, then a guess from the source', () => {
    const never = (): never => {
      throw new Error('not asked');
    };
    expect(expectedMs('a.test.ts', { 'a.test.ts': 9000 }, never, never)).toBe(9000);
    expect(expectedMs('b.test.ts', { 'a.test.ts': 9000 }, () => 1234, never)).toBe(1234);
    expect(expectedMs('c.test.ts', {}, () => undefined, () => "const p = spawn('python3');")).toBe(5000);
    expect(expectedMs('d.test.ts', {}, () => undefined, () => 'x'.repeat(2000))).toBe(200);
  });

  it('puts the longest first, ties by name, the same on every machine', () => {
    const ms: Record<string, number> = { short: 10, long: 500, tieB: 100, tieA: 100 };
    expect(longestFirst(Object.keys(ms), (k) => ms[k]!, (k) => k)).toEqual(['long', 'tieA', 'tieB', 'short']);
  });

  it('names in its table only files that exist, each with a whole run\'s duration', () => {
    const table = JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;
    const missing = Object.keys(table).filter((f) => !existsSync(`${ROOT}${f}`));
    expect(missing, 'remove these from test/support/file-durations.json').toEqual([]);
    expect(Object.values(table).every((ms) => Number.isInteger(ms) && ms > 0)).toBe(true);
  });
});
