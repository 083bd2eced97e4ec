import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, MetricsTally, renderDurations } from './metrics-tally.js';

describe('MetricsTally', () => {
  it('counts deliveries by type (every type from 0), settles by state and type, attempts by outcome and type', () => {
    const t = new MetricsTally();
    expect(t.createdByType.get('contract_signed')).toBe(0);
    t.created('customer_created');
    t.created('customer_created');
    t.settled('delivered', 'customer_created');
    t.settled('failed', 'customer_created');
    t.settled('delivered', 'customer_created');
    t.attempt('success', 'customer_created', 3);
    t.attempt('http_error', 'project_sms_sent', 40);
    expect(t.createdByType.get('customer_created')).toBe(2);
    expect([...t.settledBy.values()]).toEqual([
      { labels: { state: 'delivered', type: 'customer_created' }, n: 2 },
      { labels: { state: 'failed', type: 'customer_created' }, n: 1 },
    ]);
    expect([...t.attemptsBy.values()].map((c) => [c.labels.outcome, c.labels.type, c.n])).toEqual([
      ['success', 'customer_created', 1],
      ['http_error', 'project_sms_sent', 1],
    ]);
  });

  it("renders the durations as Prometheus's cumulative histogram: a value on a bound is in that bucket, past the last in +Inf", () => {
    const t = new MetricsTally();
    t.attempt('success', 'customer_created', 1); // 0.001 s: on the first bound
    t.attempt('success', 'customer_created', 30); // 0.03 s: in le=0.05
    t.attempt('success', 'customer_created', 12_000); // 12 s: past 10, only +Inf
    t.attempt('timeout', 'customer_created', 5_000);
    const text = renderDurations('x', 'How long', t);
    const line = (labels: string) => Number(new RegExp(`^x_bucket\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(text.startsWith('# HELP x How long\n# TYPE x histogram\n')).toBe(true);
    expect(line('le="0.001",outcome="success"')).toBe(1);
    expect(line('le="0.025",outcome="success"')).toBe(1);
    expect(line('le="0.05",outcome="success"')).toBe(2);
    expect(line('le="10",outcome="success"')).toBe(2);
    expect(line('le="\\+Inf",outcome="success"')).toBe(3);
    expect(line('le="2.5",outcome="timeout"')).toBe(0);
    expect(line('le="5",outcome="timeout"')).toBe(1);
    expect(text).toContain('x_sum{outcome="success"} 12.031\n');
    expect(text).toContain('x_count{outcome="success"} 3\n');
    expect(text.match(/^x_bucket\{[^}]*outcome="success"\}/gm)).toHaveLength(DURATION_BUCKETS.length + 1);
  });
});
