import type { Random } from '../core/random.js';

/**
 * Picks a key with probability proportional to its weight.
 *
 * @example pickWeighted({ customer_created: 3, project_sms_sent: 1 }, random) // 'customer_created' 3 times in 4
 */
export function pickWeighted<K extends string>(weights: Partial<Record<K, number>>, random: Random): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random.next() * total;
  for (const [key, weight] of entries) {
    r -= weight;
    if (r < 0) return key;
  }
  // Rounding can leave r a hair above 0 after the last entry.
  return entries[entries.length - 1]![0];
}
