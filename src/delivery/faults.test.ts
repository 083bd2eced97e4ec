import { describe, expect, it } from 'vitest';
import { FAULT_NAMES, faultsSchema, type FaultName } from '../config/delivery-config.js';
import { createRandom } from '../core/random.js';
import { faultRulesFor, pickFault, type FaultRules } from './faults.js';

const zero = Object.fromEntries(FAULT_NAMES.map((f) => [f, 0])) as Record<FaultName, number>;
const rules = (p: Partial<Record<FaultName, number>>, scripted?: FaultRules['scripted']): FaultRules => ({
  probabilities: { ...zero, ...p },
  scripted,
  reorderWindowMs: 1000,
});

function frequencies(r: FaultRules, attempt: number, n = 20_000): Record<string, number> {
  const random = createRandom(11);
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const key = pickFault(r, attempt, random).fault ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1 / n;
  }
  return counts;
}

describe('pickFault', () => {
  it('picks nothing when every probability is 0', () => {
    expect(pickFault(rules({}), 1, createRandom(1))).toEqual({ fault: null, source: null, holdMs: 0 });
  });

  it('gives each fault its own probability on the first attempt', () => {
    const f = frequencies(rules({ drop: 0.1, duplicate: 0.2, malformedJson: 0.3 }), 1);
    expect(f.drop).toBeCloseTo(0.1, 1);
    expect(f.duplicate).toBeCloseTo(0.2, 1);
    expect(f.malformedJson).toBeCloseTo(0.3, 1);
    expect(f.none).toBeCloseTo(0.4, 1);
  });

  it('draws only request faults on retries: a delivery is dropped, duplicated or reordered once', () => {
    const f = frequencies(rules({ drop: 0.5, duplicate: 0.2, reorder: 0.2, truncate: 0.25 }), 2);
    expect(f.drop).toBeUndefined();
    expect(f.duplicate).toBeUndefined();
    expect(f.reorder).toBeUndefined();
    expect(f.truncate).toBeCloseTo(0.25, 1);
  });

  it('holds a reordered attempt for up to reorderWindowMs', () => {
    const random = createRandom(3);
    const holds = Array.from({ length: 2000 }, () => pickFault(rules({ reorder: 1 }), 1, random).holdMs);
    expect(Math.min(...holds)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...holds)).toBeLessThanOrEqual(1000);
    expect(Math.max(...holds)).toBeGreaterThan(900);
  });

  it('applies scripted outcomes by attempt number, then falls back to the probabilities', () => {
    const r = rules({ drop: 1 }, ['malformedJson', 'drop', 'normal']);
    const random = createRandom(5);
    expect(pickFault(r, 1, random)).toEqual({ fault: 'malformedJson', source: 'scripted', holdMs: 0 });
    expect(pickFault(r, 2, random)).toEqual({ fault: 'drop', source: 'scripted', holdMs: 0 });
    expect(pickFault(r, 3, random).fault).toBeNull();
    // Past the script on a retry: request faults only, and drop is not one.
    expect(pickFault(r, 4, random).fault).toBeNull();
  });
});

describe('faultRulesFor', () => {
  it('overlays the type probabilities on the global ones and finds the first matching script', () => {
    const faults = faultsSchema.parse({
      drop: 0.1,
      duplicate: 0.2,
      byType: { customer_created: { drop: 0.9 } },
      scripted: [
        { hookUrl: 'http://x/a', type: 'project_sms_sent', outcomes: ['truncate'] },
        { hookUrl: 'http://x/a', outcomes: ['abort'] },
        { subscriptionId: 'sub_9', outcomes: ['slowBody'] },
      ],
    });
    const a = faultRulesFor(faults, { hookUrl: 'http://x/a', type: 'customer_created', subscriptionId: 'sub_1' });
    expect(a.probabilities.drop).toBe(0.9);
    expect(a.probabilities.duplicate).toBe(0.2);
    expect(a.scripted).toEqual(['abort']);
    const sms = faultRulesFor(faults, { hookUrl: 'http://x/a', type: 'project_sms_sent', subscriptionId: 'sub_1' });
    expect(sms.probabilities.drop).toBe(0.1);
    expect(sms.scripted).toEqual(['truncate']);
    expect(faultRulesFor(faults, { hookUrl: 'http://x/b', type: 'customer_created', subscriptionId: 'sub_9' }).scripted).toEqual(['slowBody']);
    expect(faultRulesFor(faults, { hookUrl: 'http://x/b', type: 'customer_created', subscriptionId: 'sub_2' }).scripted).toBeUndefined();
  });

  it('refuses a scripted entry with neither hookUrl nor subscriptionId', () => {
    expect(faultsSchema.safeParse({ scripted: [{ outcomes: ['drop'] }] }).success).toBe(false);
  });
});
