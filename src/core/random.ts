/**
 * A seeded source of randomness. Every random decision the emulator makes (fake data, latency
 * samples, fault draws, jitter) comes from one of these, so the same seed gives the same run.
 *
 * `fork(label)` derives an independent stream: latency draws never shift payload data, and the
 * other way round.
 *
 * @example
 *   const random = createRandom(42);
 *   const faults = random.fork('faults');
 *   if (faults.next() < 0.1) dropIt();
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** The seed this stream was built from (for logs and error messages). */
  readonly seed: number;
  /** An independent stream whose sequence depends only on this stream's seed and `label`. */
  fork(label: string): Random;
}

/** 32-bit FNV-1a hash, used to turn a (seed, label) pair into a new seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a seeded generator (sfc32, seeded through splitmix32). */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    seed,
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    fork(label) {
      return createRandom(hash32(`${seed}:${label}`));
    },
  };
}

/** A seed for runs that were not given one; logged so the run can be reproduced. */
export function pickSeed(): number {
  return Math.floor(Math.random() * 2_147_483_647);
}
