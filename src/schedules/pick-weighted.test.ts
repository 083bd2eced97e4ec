import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.js';
import { pickWeighted } from './pick-weighted.js';

describe('pickWeighted', () => {
  it('picks in proportion to the weights (seeded, 8000 draws)', () => {
    const random = createRandom(11);
    const counts = { customer_created: 0, project_sms_sent: 0 };
    for (let i = 0; i < 8000; i++) counts[pickWeighted({ customer_created: 3, project_sms_sent: 1 }, random)]++;
    expect(counts.customer_created / 8000).toBeGreaterThan(0.73);
    expect(counts.customer_created / 8000).toBeLessThan(0.77);
  });

  it('always picks the only key', () => {
    const random = createRandom(2);
    for (let i = 0; i < 100; i++) expect(pickWeighted({ contract_signed: 0.5 }, random)).toBe('contract_signed');
  });
});
