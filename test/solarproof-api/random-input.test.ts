import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/solarproof/solarproof-api.js';
import { startForTest } from '../support/start.js';

const DOCUMENTED = new Set<string>(Object.values(MESSAGES));

const body = fc.oneof(
  fc.constant(''),
  fc.string(),
  fc.json(),
  fc.record(
    {
      hookUrl: fc.oneof(fc.webUrl(), fc.string(), fc.integer(), fc.constant(null), fc.constant('http://127.0.0.1:9/h')),
      type_request: fc.oneof(fc.constantFrom('customer_created', 'contract_signed', 'nope'), fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  ).map((o) => JSON.stringify(o)),
);
const query = fc.record(
  {
    action: fc.oneof(fc.constantFrom('subscribe_customer', 'unsubscribe_customer'), fc.string()),
    api_key: fc.oneof(fc.constant('sp_test_key'), fc.string()),
    extra: fc.string(),
  },
  { requiredKeys: [] },
);

describe('apidata.php under random input', () => {
  it('always answers {success:false|true, message} with a known message (or the NOT_FOUND envelope for an action it does not serve), never a 5xx', async () => {
    const emu = await startForTest();
    await fc.assert(
      fc.asyncProperty(
        body,
        query,
        fc.constantFrom('POST', 'DELETE', 'GET', 'PUT'),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (text, q, method, contentType) => {
          const res = await request(emu.url)
            [method.toLowerCase() as 'post']('/apidata.php')
            .query(q)
            .set('Content-Type', contentType)
            .send(text);
          expect(res.status).toBeLessThan(500);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          if (res.status === 404) {
            expect(res.body).toEqual({ code: 'NOT_FOUND', message: `Unknown action "${String(q.action)}"` });
            return;
          }
          expect(typeof res.body.success).toBe('boolean');
          expect(DOCUMENTED.has(res.body.message)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20261127 },
    );
  });
});
