import type { Random } from '../core/random.js';

/**
 * `root.fork(label)`, made only if a draw is needed: most attempts draw nothing (no faults, no
 * latency, no jitter), and a fork costs more than the rest of the bookkeeping of an attempt.
 * Each (delivery, attempt) gets its own stream, so decisions do not depend on network timing.
 */
export function lazyFork(root: Random, label: string): Random {
  return new LazyFork(root, label);
}

/** A class, not closures: one small object per attempt on the hot path. */
class LazyFork implements Random {
  private forked: Random | undefined;
  constructor(
    private readonly root: Random,
    private readonly label: string,
  ) {}
  private get stream(): Random {
    return (this.forked ??= this.root.fork(this.label));
  }
  get seed(): number {
    return this.stream.seed;
  }
  next(): number {
    return this.stream.next();
  }
  int(min: number, max: number): number {
    return this.stream.int(min, max);
  }
  fork(label: string): Random {
    return this.stream.fork(label);
  }
}
