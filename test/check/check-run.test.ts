import { describe, expect, it, type TestContext } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { checkReportSchema, type CheckReport } from '../../src/contract/check-schemas.js';
import { brokenReceiver, correctReceiver, crashesOnMalformed, docsExampleReceiver, duplicate500, serve, slowOnOneType, v1StatusChange500 } from './check-receivers.js';

// Every test has its own receiver and emulator (each server closes when its own test ends). The
// checks take turns with Solar Proof's own 5 s deadline (with 2 s, a case a correct receiver
// passes missed it when the machine stalled; no passing case waits its deadline out): beside other
// work (load average 20 on 2 cores) three or five checks at once, sharing this one event loop,
// missed even a 5 s deadline in their bursts of 50. So a check holds the one lane from its start
// until its burst (load/burst) is over, and only then does the next check start: the bursts never
// overlap, while what a check does after its burst (the 2 s slow body, two bad bodies, the last
// probe: one delivery at a time, mostly waiting) goes on beside the next check's first cases.
// Only the slow receiver's test runs wholly beside them: it spends its time waiting out its own
// deadline three times, and has 3 s (its receiver takes 6 s), so that a neighbour's burst in the
// same event loop cannot make a case it should pass miss it.
const DEADLINE_MS = 5000;
const inLane = lanes(1);

/** Runs at most `n` of the functions given to it at a time, the others in the order they came. */
function lanes(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let free = n;
  const queue: Array<() => void> = [];
  return async (fn) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}

type Request = Parameters<RunningEmulator['emulator']['checks']['run']>[0];

/**
 * Starts a check in its turn (the lane, above) and resolves with its report. The lane is given
 * back once the check's burst case has ended (read from its report so far, every 20 ms) or the
 * check has ended, whichever comes first.
 */
async function checkInTurn(sp: RunningEmulator, request: Request): Promise<CheckReport> {
  // The lane's function resolves with the report's promise in an object: a promise returned as it
  // is would be awaited, and hold the lane until the check ends.
  const check = await inLane(async () => {
    const started = sp.emulator.checks.run(request);
    let ended = false;
    started.done.then(
      () => (ended = true),
      () => (ended = true),
    );
    const burstOver = () => sp.emulator.checks.get(started.id)?.cases.some((c) => c.id === 'load/burst' && c.state !== 'running') === true;
    while (!ended && !burstOver()) await new Promise((r) => setTimeout(r, 20));
    return { done: started.done };
  });
  return check.done;
}

describe.concurrent('receiver check, in process', () => {
  it('passes every case against the README receiver', { timeout: 60_000 }, async ({ onTestFinished }) => {
    const receiver = await serve(correctReceiver(), onTestFinished);
    const sp = await startEmulator({ seed: 3, logLevel: 'silent' });
    try {
      const report = await checkInTurn(sp, { forwardTo: `${receiver}/webhooks/solarproof/{type}`, timeoutMs: DEADLINE_MS });
      const failed = report.cases.filter((c) => c.state !== 'passed').map((c) => `${c.id}: ${c.reason}`);
      expect(checkReportSchema.parse(report).state, failed.join('\n')).toBe('passed');
      expect(report.summary).toEqual({ passed: report.cases.length, failed: 0, skipped: 0 });
      expect(report.cases.every((c) => c.state === 'passed' && c.deliveries.length > 0 || c.id === 'subscription/one-url-per-type')).toBe(true);
    } finally {
      await sp.close();
    }
  });
});

describe.concurrent('receiver check against broken receivers', () => {
  const runCheck = async (inTurn: boolean, ctx: TestContext, app: Parameters<typeof serve>[0], path = '/webhooks/solarproof/{type}', timeoutMs = DEADLINE_MS) => {
    const receiver = await serve(app, ctx.onTestFinished);
    const sp = await startEmulator({ seed: 3, logLevel: 'silent' });
    try {
      const request = { forwardTo: `${receiver}${path}`, timeoutMs };
      const report = inTurn ? await checkInTurn(sp, request) : await sp.emulator.checks.run(request).done;
      const failedCases = Object.fromEntries(report.cases.filter((c) => c.state === 'failed').map((c) => [c.id, c.reason]));
      return { report, failedCases, ids: Object.keys(failedCases).sort() };
    } finally {
      await sp.close();
    }
  };
  type Args = Parameters<typeof runCheck> extends [boolean, ...infer Rest] ? Rest : never;
  /** The check started at once, beside the others (the slow receiver's). */
  const runBeside = (...args: Args) => runCheck(false, ...args);
  /** The check started in its turn (checkInTurn). */
  const run = (...args: Args) => runCheck(true, ...args);

  it('a receiver slower than the deadline on one type fails that type in both versions, and the burst', { timeout: 60_000 }, async (ctx) => {
    const { ids, failedCases } = await runBeside(ctx, slowOnOneType('recent_draft_project', 6000), undefined, 3000);
    expect(ids, JSON.stringify(failedCases)).toEqual(['delivers/v1/recent_draft_project', 'delivers/v2/recent_draft_project', 'load/burst']);
    expect(failedCases['delivers/v2/recent_draft_project']).toMatch(/did not answer the v2 array form of recent_draft_project in time: cut off after \d\.\d s .*Solar Proof allows 5 s/);
  });

  it("Solar Proof's docs example (no body parser, one URL) fails one-url-per-type and the slow body, saying why", { timeout: 60_000 }, async (ctx) => {
    const { ids, failedCases, report } = await run(ctx, docsExampleReceiver(), '/webhooks/solarproof');
    expect(ids, JSON.stringify(failedCases)).toEqual(['network/slow-body', 'subscription/one-url-per-type']);
    expect(failedCases['subscription/one-url-per-type']).toContain('Subscribe one URL per type');
    expect(failedCases['network/slow-body']).toMatch(/before the body had arrived.*without reading the body/);
    expect(report.cases.find((c) => c.id === 'bodies/malformed')?.note).toContain('not JSON');
  });

  it('a 500 to the v1 object form of customer_status_change fails that case with the answer, and the burst carrying it', { timeout: 60_000 }, async (ctx) => {
    const { ids, failedCases } = await run(ctx, v1StatusChange500);
    expect(ids, JSON.stringify(failedCases)).toEqual(['delivers/v1/customer_status_change', 'load/burst']);
    expect(failedCases['delivers/v1/customer_status_change']).toBe('answered 500 to the v1 object form of customer_status_change: body was "TypeError: body.map is not a function"');
  });

  it('a 500 to a duplicate fails only the duplicate case', { timeout: 60_000 }, async (ctx) => {
    const { ids, failedCases } = await run(ctx, duplicate500());
    expect(ids, JSON.stringify(failedCases)).toEqual(['retries/duplicate']);
    expect(failedCases['retries/duplicate']).toMatch(/answered 500 to a duplicate of .*duplicate key value/);
  });

  it('a handler that throws on a malformed body fails only the malformed-body case', { timeout: 60_000 }, async (ctx) => {
    const { ids, failedCases } = await run(ctx, crashesOnMalformed());
    expect(ids, JSON.stringify(failedCases)).toEqual(['bodies/malformed']);
    expect(failedCases['bodies/malformed']).toMatch(/answered 500 to .* with a syntax error.*deserves a 4xx/);
  });

  it('a 204 passes with a note, not a failure', { timeout: 60_000 }, async (ctx) => {
    const { report, failedCases } = await run(ctx, correctReceiver(204));
    expect(report.state, JSON.stringify(failedCases)).toBe('passed');
    expect(report.cases.find((c) => c.id === 'delivers/v2/customer_created')?.note).toContain("answered 204 to the v2 object form of customer_created; Solar Proof's docs ask for 200");
  });

  it('records the data-API calls a receiver makes back: a duplicate that creates twice fails', { timeout: 60_000 }, async ({ onTestFinished }) => {
    const sp = await startEmulator({ seed: 3, logLevel: 'silent' });
    try {
      const creates = brokenReceiver(async (type, body, _raw, res) => {
        if (type !== 'customer_created') return false;
        await fetch(`${sp.url}/apidata.php?action=createcustomer&api_key=sp_test_key`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: { firstname: 'Zoë', surname: "O'Brien", email: 'zoe@example.com.au', phone1: '0412345678', type: 'RESIDENTIAL' } }),
        });
        res.sendStatus(body === undefined ? 400 : 200);
        return true;
      });
      const receiver = await serve(creates, onTestFinished);
      const report = await checkInTurn(sp, { forwardTo: `${receiver}/webhooks/solarproof/{type}`, types: ['customer_created'], timeoutMs: DEADLINE_MS });
      const dup = report.cases.find((c) => c.id === 'retries/duplicate')!;
      expect(dup.state).toBe('failed');
      expect(dup.reason).toContain('the duplicate caused a second createcustomer');
      expect(dup.callbacks.filter((c) => c.action === 'createcustomer')).toHaveLength(2);
      expect(report.cases.find((c) => c.id === 'delivers/v2/customer_created')!.callbacks).toEqual([{ action: 'createcustomer', method: 'POST', status: 200 }]);
    } finally {
      await sp.close();
    }
  });
});
