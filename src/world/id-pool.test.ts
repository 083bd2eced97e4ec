import { base, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { IdPool } from './id-pool.js';

describe('IdPool', () => {
  it('adds, removes (swap-remove) and picks only ids it holds', () => {
    const faker = new Faker({ locale: base, seed: 1 });
    const pool = new IdPool();
    for (const id of [10, 20, 30, 40]) pool.add(id);
    pool.add(20);
    pool.remove(20);
    pool.remove(99);
    expect(pool.size).toBe(3);
    expect(pool.has(20)).toBe(false);
    const picked = new Set(Array.from({ length: 200 }, () => pool.pick(faker)));
    expect([...picked].sort()).toEqual([10, 30, 40]);
    for (const id of [10, 30, 40]) pool.remove(id);
    expect(pool.pick(faker)).toBeUndefined();
  });
});
