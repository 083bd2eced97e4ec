import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/core/version.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver } from '../support/test-receiver.js';

/** `name{labels} value` lines of a Prometheus text exposition, as a map from `name{labels}` to the value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

async function scrape(url: string): Promise<{ contentType: string | null; values: Map<string, number>; text: string }> {
  const res = await fetch(`${url}/_emulator/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { contentType: res.headers.get('content-type'), values: samples(text), text };
}

describe('GET /_emulator/metrics', () => {
  it('counts deliveries by state and type, attempts by outcome, their durations, and reads the gauges', async () => {
    const emu = await startForTest({ seed: 6, delivery: { retry: { schedule: [10] } } });
    const receiver = await startTestReceiver();
    try {
      receiver.script('/hook', [{ status: 500 }]);
      await emu.subscribe(receiver.hookUrl('/hook'), 'customer_created');
      await emu.subscribe('http://127.0.0.1:9/refused', 'project_sms_sent');
      await emu.trigger('customer_created');
      await emu.trigger('project_sms_sent');
      await emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 10_000 });
      await emu.deliveries.waitFor({ state: 'failed' }, { timeoutMs: 10_000 });

      const { contentType, values, text } = await scrape(emu.url);
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toContain('# TYPE solarproof_mock_attempt_duration_seconds histogram');
      expect(values.get('solarproof_mock_deliveries_created_total{type="customer_created"}')).toBe(1);
      expect(values.get('solarproof_mock_deliveries_created_total{type="project_sms_sent"}')).toBe(1);
      expect(values.get('solarproof_mock_deliveries_created_total{type="contract_signed"}')).toBe(0);
      expect(values.get('solarproof_mock_deliveries_settled_total{state="delivered",type="customer_created"}')).toBe(1);
      expect(values.get('solarproof_mock_deliveries_settled_total{state="failed",type="project_sms_sent"}')).toBe(1);
      expect(values.get('solarproof_mock_attempts_total{outcome="http_error",type="customer_created"}')).toBe(1);
      expect(values.get('solarproof_mock_attempts_total{outcome="success",type="customer_created"}')).toBe(1);
      expect(values.get('solarproof_mock_attempts_total{outcome="connection_refused",type="project_sms_sent"}')).toBe(2);
      expect(values.get('solarproof_mock_attempt_duration_seconds_count{outcome="connection_refused"}')).toBe(2);
      expect(values.get('solarproof_mock_attempt_duration_seconds_bucket{le="+Inf",outcome="success"}')).toBe(1);
      expect(values.get('solarproof_mock_deliveries_pending')).toBe(0);
      expect(values.get('solarproof_mock_attempts_in_flight')).toBe(0);
      expect(values.get('solarproof_mock_triggers_waiting')).toBe(0);
      expect(values.get('solarproof_mock_journal_deliveries')).toBe(2);
      expect(values.get('solarproof_mock_logs_dropped_total')).toBe(0);
      expect(values.get(`solarproof_mock_info{version="${VERSION}"}`)).toBe(1);
      // Process metrics from prom-client's default collectors.
      expect([...values.keys()].some((k) => k.startsWith('process_cpu_seconds_total'))).toBe(true);
      expect([...values.keys()].some((k) => k.startsWith('nodejs_heap_size_used_bytes'))).toBe(true);

      // Counters count since start, reset included; gauges follow the state.
      await emu.reset();
      const after = (await scrape(emu.url)).values;
      expect(after.get('solarproof_mock_deliveries_created_total{type="customer_created"}')).toBe(1);
      expect(after.get('solarproof_mock_journal_deliveries')).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('keeps two emulators in one process apart (a registry each, not the global one)', async () => {
    const a = await startForTest({ seed: 1 });
    const b = await startForTest({ seed: 1 });
    const receiver = await startTestReceiver();
    try {
      await a.subscribe(receiver.hookUrl('/a'), 'customer_created');
      await a.trigger('customer_created', { count: 3 });
      await a.deliveries.waitFor({ state: 'delivered' }, { min: 3, timeoutMs: 10_000 });
      const key = 'solarproof_mock_deliveries_created_total{type="customer_created"}';
      expect((await scrape(a.url)).values.get(key)).toBe(3);
      expect((await scrape(b.url)).values.get(key)).toBe(0);
      // Scraping twice does not register anything twice (that would throw and answer 500).
      expect((await scrape(b.url)).values.get(key)).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
