import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/start-emulator.js';
import { checkReportSchema } from '../../src/contract/check-schemas.js';
import { correctReceiver, serve } from './check-receivers.js';

describe('receiver check, in process', () => {
  it('passes every case against the README receiver', async () => {
    const receiver = await serve(correctReceiver());
    const sp = await startEmulator({ seed: 3, logLevel: 'silent' });
    try {
      const started = Date.now();
      const report = await sp.emulator.checks.run({ forwardTo: `${receiver}/webhooks/solarproof/{type}`, timeoutMs: 2000 }).done;
      console.log(Date.now() - started, JSON.stringify(report.cases.map((c) => [c.id, c.state, c.reason ?? c.note ?? '', c.durationMs])));
      expect(checkReportSchema.parse(report).state).toBe('passed');
      expect(report.summary.failed).toBe(0);
    } finally {
      await sp.close();
    }
  });
});
