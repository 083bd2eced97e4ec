// Random parameters and bodies at every data action: always a documented code (or the action's
// documented success shape), JSON, and never a 5xx.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_ACTIONS, errorEnvelope } from '../../src/solarproof/data-actions.js';
import { startForTest } from '../support/start.js';

const CODES = new Set(['INVALID_PARAMETERS', 'INVALID_API_KEY', 'CUSTOMER_NOT_FOUND', 'PROJECT_NOT_FOUND']);
const FIELDS = [
  'firstname', 'surname', 'email', 'phone1', 'phone2', 'type', 'companyname', 'companyphone', 'gststatus', 'useremail', 'pkcustomerid',
  'quotenickname', 'username', 'is_draft', 'customer_id', 'contact', 'site_street', 'site_suburb', 'site_state', 'site_postcode', 'site_streetnum',
];

describe('data actions under random input', () => {
  it('answer a documented code or the documented success shape, never a 5xx', async () => {
    const emu = await startForTest({ world: { initialCustomers: 8 } });
    const { customers } = await emu.world.customers();
    const { projects } = await emu.world.projects();
    const ids = [...customers.map((c) => c.customerId), ...projects.map((p) => p.projectId), 1, 0, -1];
    const emails = customers.map((c) => c.email);

    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(...ids),
      fc.constantFrom(...ids.map(String)),
      fc.constantFrom(...emails),
      fc.constantFrom('RESIDENTIAL', 'commercial', 'Large-Scale', 'nope', '', '0', '1', 'x@example.com'),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('email', 'firstname', 'surname', 'phone', 'type', 'x'), scalar, { maxKeys: 4 }));
    const data = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 });
    const body = fc.oneof(
      fc.constant(''),
      fc.string(),
      fc.json(),
      data.map((d) => JSON.stringify({ data: d })),
      data.map((d) => JSON.stringify({ data: JSON.stringify(d) })),
      data.map((d) => new URLSearchParams({ action: 'x', data: JSON.stringify(d) }).toString()),
      data.map((d) => new URLSearchParams(Object.entries(d).map(([k, v]): [string, string] => [`data[${k}]`, typeof v === 'string' ? v : JSON.stringify(v)])).toString()),
      fc.json().map((j) => JSON.stringify({ data: JSON.parse(j) as unknown })),
    );
    const param = fc.oneof(fc.string(), fc.constantFrom(...ids.map(String)), fc.constantFrom(...emails), fc.constantFrom('1', '0', '2', '-3', '1e3', ''));
    const query = fc.record(
      {
        api_key: fc.oneof(fc.constant('sp_test_key'), fc.constant('sp_test_key'), fc.string()),
        page: param,
        customer_email: param,
        customer_id: param,
        project_id: param,
        expanded: param,
        'page[]': param,
      },
      { requiredKeys: [] },
    );

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DATA_ACTIONS),
        query,
        body,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
        async (spec, q, text, method, contentType) => {
          const params = new URLSearchParams({ action: spec.action, ...q });
          const res = await fetch(`${emu.url}/apidata.php?${params}`, {
            method,
            headers: contentType ? { 'content-type': contentType } : {},
            body: method === 'GET' ? undefined : text,
          });
          expect(res.status).toBeLessThan(500);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          const json = (await res.json()) as unknown;
          if (res.status === 200) {
            const parsed = spec.success.safeParse(json);
            expect(parsed.success, `${spec.action}: ${JSON.stringify(json).slice(0, 300)}`).toBe(true);
          } else {
            expect(res.status).toBeGreaterThanOrEqual(400);
            const e = errorEnvelope.parse(json);
            expect(CODES.has(e.code), e.code).toBe(true);
            expect(e.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 400, seed: 20261201 },
    );
  }, 120_000);
});
