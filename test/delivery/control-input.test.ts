import { afterEach, describe, expect, it } from 'vitest';
import { SEED, startDeliveryHarness, type DeliveryHarness } from './delivery-harness.js';

let h: DeliveryHarness;
let base: string;
afterEach(async () => h?.close());

async function start() {
  h = await startDeliveryHarness();
  base = `${await h.emu.listen()}/_emulator`;
}
/** Sends a raw body (curl -d style, no Content-Type) and reads the answer, whatever its type. */
async function call(method: string, path: string, body?: string) {
  const res = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body }) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
}
const expectProblem = (r: Awaited<ReturnType<typeof call>>, status: number, code: string, detail: RegExp) => {
  expect(r.status).toBe(status);
  expect(r.type).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, code });
  expect(String(r.body.detail)).toMatch(detail);
};

describe(`bad input on the delivery control routes (seed ${SEED})`, () => {
  it('refuses delays a timer cannot wait (they would fire at once) with a 400 naming the limit', async () => {
    await start();
    const patches = [
      '{"delivery":{"timeoutMs":1e12}}',
      '{"delivery":{"retry":{"schedule":[1e15]}}}',
      '{"delivery":{"retry":{"maxRetryAfterMs":1e10}}}',
      '{"delivery":{"retry":{"exponential":{"initialMs":0,"factor":1e308,"maxAttempts":5}}}}',
      '{"delivery":{"latency":{"distribution":"fixed","ms":1e10}}}',
      '{"delivery":{"latency":{"distribution":"lognormal","medianMs":100,"sigma":1000}}}',
      '{"delivery":{"latency":{"distribution":"normal","meanMs":100,"stdDevMs":1e300}}}',
      '{"delivery":{"faults":{"slowBodyMs":1e10,"reorderWindowMs":1e10}}}',
      '{"delivery":{"journal":{"maxDeliveries":1e300}}}',
    ];
    for (const patch of patches) {
      const r = await call('PATCH', '/config', patch);
      expectProblem(r, 400, 'INVALID_CONFIG', /delivery\./);
    }
    expect(String((await call('PATCH', '/config', patches[0])).body.detail)).toContain('at most 86400000 ms (one day)');
    expect(h.emu.config.get().delivery.timeoutMs).toBe(5000);
  });

  it('answers malformed JSON and wrong types with a 400 problem', async () => {
    await start();
    expectProblem(await call('PATCH', '/config', '{bad'), 400, 'INVALID_JSON', /not valid JSON/);
    expectProblem(await call('PATCH', '/config', '{"delivery":{"timeoutMs":"5"}}'), 400, 'INVALID_CONFIG', /timeoutMs: expected a number/);
    expectProblem(await call('PATCH', '/config', '{"delivery":{"faults":{"drop":2}}}'), 400, 'INVALID_CONFIG', /faults\.drop/);
  });

  it('refuses bad journal queries, typos in closed sets included, instead of matching nothing', async () => {
    await start();
    const bad: Array<[string, RegExp]> = [
      ['wait=-1', /wait must be a whole number >= 0/],
      ['wait=abc', /wait must be/],
      ['min=abc', /min must be a whole number >= 1/],
      ['limit=1e9', /limit must be/],
      ['limit=0', /limit must be/],
      ['state=bogus', /Unknown state "bogus"\. Known states: pending/],
      ['type=customer_creatd', /Unknown type "customer_creatd"\. Known types: customer_created/],
      ['payload=maybe', /payload must be true or false/],
      ['order=up', /order must be "asc" or "desc"/],
    ];
    for (const [query, detail] of bad) expectProblem(await call('GET', `/deliveries?${query}`), 400, 'INVALID_QUERY', detail);
    for (const query of ['state=bogus', 'type=nope', 'payload=maybe']) {
      expectProblem(await call('GET', `/stream?${query}`), 400, 'INVALID_QUERY', /./);
    }
    h.subscribe('/hook');
    h.send();
    // Huge but well-formed: capped (limit 100 000, wait 300 000 ms), answered once one is delivered.
    const capped = await call('GET', '/deliveries?limit=999999999999&wait=99999999999&min=1&state=delivered');
    expect(capped.body).toMatchObject({ total: 1, timedOut: false });
  });

  it('404s unknown delivery ids on read and redeliver', async () => {
    await start();
    expectProblem(await call('GET', '/deliveries/dlv_999'), 404, 'DELIVERY_NOT_FOUND', /No delivery "dlv_999"/);
    expectProblem(await call('POST', '/deliveries/nope/redeliver'), 404, 'DELIVERY_NOT_FOUND', /Ids look like dlv_1/);
  });

  it('applies a lowered journal cap at once', async () => {
    await start();
    h.subscribe('/hook');
    for (let i = 0; i < 5; i++) h.send();
    await h.emu.delivery.waitFor({ state: ['delivered'] }, 5, 5000);
    expect((await call('PATCH', '/config', '{"delivery":{"journal":{"maxDeliveries":2}}}')).status).toBe(200);
    const stats = await call('GET', '/stats');
    expect(stats.body.journal).toEqual({ size: 2, maxDeliveries: 2, evicted: 3 });
    expect((await call('GET', '/deliveries?payload=false')).body.total).toBe(2);
  });
});
