import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

describe('ConcurrencyLimiter', () => {
  it('runs at most max at once overall and perHost per host, in FIFO order per host', () => {
    const limits = { max: 3, perHost: 2 };
    const limiter = new ConcurrencyLimiter(() => limits);
    const started: string[] = [];
    for (const id of ['a1', 'a2', 'a3', 'b1', 'b2', 'c1']) limiter.acquire(id[0]!, () => started.push(id));
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(limiter.inFlight).toBe(3);
    expect(limiter.queued).toBe(3);
    limiter.release('a'); // a has room again, but hosts take turns: a3 was queued first
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    limiter.release('b');
    expect(started.at(-1)).toBe('b2');
    limiter.release('a');
    expect(started.at(-1)).toBe('c1');
    expect(limiter.queued).toBe(0);
  });

  it('skips a cancelled waiter and starts more when the limits are raised', () => {
    const limits = { max: 1, perHost: 1 };
    const limiter = new ConcurrencyLimiter(() => limits);
    const started: string[] = [];
    limiter.acquire('h', () => started.push('1'));
    const second = limiter.acquire('h', () => started.push('2'));
    limiter.acquire('h', () => started.push('3'));
    limiter.acquire('h', () => started.push('4'));
    second.cancel();
    expect(limiter.queued).toBe(2);
    limits.max = 3;
    limits.perHost = 3;
    limiter.poke();
    expect(started).toEqual(['1', '3', '4']);
  });
});
