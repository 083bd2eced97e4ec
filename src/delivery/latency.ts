import { MAX_DELAY_MS, type Latency } from '../config/delivery-config.js';
import type { Random } from '../core/random.js';

/**
 * One injected delay in ms (whole, >= 0, at most `capMs` when set, and never more than
 * MAX_DELAY_MS: a lognormal tail can reach far past what a timer can wait) drawn from `dist`.
 * `normal` is clamped at 0; `lognormal` is `medianMs * e^(sigma * Z)`, so half the draws fall
 * below `medianMs` and the tail grows with `sigma`.
 *
 * @example
 *   sampleLatency({ distribution: 'uniform', minMs: 100, maxMs: 300 }, random) // e.g. 187
 */
export function sampleLatency(dist: Latency, random: Random): number {
  const raw = draw(dist, random);
  const capped = dist.capMs === undefined ? raw : Math.min(raw, dist.capMs);
  return Math.max(0, Math.round(Math.min(capped, MAX_DELAY_MS)));
}

function draw(dist: Latency, random: Random): number {
  switch (dist.distribution) {
    case 'none':
      return 0;
    case 'fixed':
      return dist.ms;
    case 'uniform':
      return dist.minMs + random.next() * (dist.maxMs - dist.minMs);
    case 'normal':
      return dist.meanMs + dist.stdDevMs * standardNormal(random);
    case 'lognormal':
      return dist.medianMs * Math.exp(dist.sigma * standardNormal(random));
    default: {
      const unknown: never = dist;
      throw new Error(`unknown latency distribution ${JSON.stringify(unknown)}`);
    }
  }
}

/** Box-Muller: one standard normal draw from two uniforms. */
function standardNormal(random: Random): number {
  const u = 1 - random.next(); // (0, 1]: log(0) is -Infinity
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
