import { describe, expect, it } from 'vitest';
import { latencySchema, MAX_DELAY_MS, type Latency } from '../config/delivery-config.js';
import { createRandom } from '../core/random.js';
import { sampleLatency } from './latency.js';

const N = 20_000;
function draws(input: unknown, seed = 99): number[] {
  const dist = latencySchema.parse(input) as Latency;
  const random = createRandom(seed);
  return Array.from({ length: N }, () => sampleLatency(dist, random));
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;

describe('sampleLatency', () => {
  it('none is always 0, fixed is always ms', () => {
    expect(new Set(draws({ distribution: 'none' }))).toEqual(new Set([0]));
    expect(new Set(draws({ distribution: 'fixed', ms: 200 }))).toEqual(new Set([200]));
  });

  it('uniform stays in [minMs, maxMs] with the mean in the middle and both ends reached', () => {
    const xs = draws({ distribution: 'uniform', minMs: 100, maxMs: 300 });
    expect(Math.min(...xs)).toBe(100);
    expect(Math.max(...xs)).toBe(300);
    expect(mean(xs)).toBeGreaterThan(197);
    expect(mean(xs)).toBeLessThan(203);
    // Each quarter of the range holds about a quarter of the draws.
    const firstQuarter = xs.filter((x) => x < 150).length / N;
    expect(firstQuarter).toBeGreaterThan(0.23);
    expect(firstQuarter).toBeLessThan(0.27);
  });

  it('normal has the configured mean and standard deviation, clamped at 0', () => {
    const xs = draws({ distribution: 'normal', meanMs: 500, stdDevMs: 100 });
    expect(mean(xs)).toBeGreaterThan(497);
    expect(mean(xs)).toBeLessThan(503);
    expect(sd(xs)).toBeGreaterThan(97);
    expect(sd(xs)).toBeLessThan(103);
    expect(Math.min(...draws({ distribution: 'normal', meanMs: 10, stdDevMs: 50 }))).toBe(0);
  });

  it('lognormal has the configured median and a long right tail', () => {
    const xs = draws({ distribution: 'lognormal', medianMs: 200, sigma: 0.5 });
    expect(median(xs)).toBeGreaterThan(194);
    expect(median(xs)).toBeLessThan(206);
    // p95 of a lognormal is median * e^(1.645 sigma) = 200 * 2.276 = 455.
    expect(quantile(xs, 0.95)).toBeGreaterThan(435);
    expect(quantile(xs, 0.95)).toBeLessThan(475);
    expect(mean(xs)).toBeGreaterThan(median(xs));
  });

  it('never exceeds capMs', () => {
    const xs = draws({ distribution: 'lognormal', medianMs: 200, sigma: 1.5, capMs: 600 });
    expect(Math.max(...xs)).toBe(600);
  });

  it('never draws more than a day, however wide the lognormal tail (a timer cannot wait longer)', () => {
    const xs = draws({ distribution: 'lognormal', medianMs: 86_400_000, sigma: 10 });
    expect(xs.every((x) => Number.isFinite(x) && x >= 0 && x <= MAX_DELAY_MS)).toBe(true);
    expect(Math.max(...xs)).toBe(MAX_DELAY_MS);
  });

  it('gives the same draws for the same seed and different ones for another', () => {
    const dist = { distribution: 'uniform', minMs: 0, maxMs: 1000 };
    expect(draws(dist, 5).slice(0, 50)).toEqual(draws(dist, 5).slice(0, 50));
    expect(draws(dist, 5).slice(0, 50)).not.toEqual(draws(dist, 6).slice(0, 50));
  });
});
