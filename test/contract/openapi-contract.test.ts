import { dereference, validate, compileErrors } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envelope, SOLARPROOF_WEBHOOK_ACTIONS } from '../../src/http/openapi/api-actions.js';
import { openApiDocument } from '../../src/http/openapi/document.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';
import { afterAll } from 'vitest';

// ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

let doc: Doc;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const called = new Set<string>();

beforeAll(async () => {
  doc = (await dereference(structuredClone(openApiDocument()) as never)) as unknown as Doc;
});

/** Checks one real answer against the document: a documented status, the content type, and the body's schema. */
async function expectConforms(method: string, template: string, res: Response, body?: unknown): Promise<unknown> {
  called.add(`${method} ${template}`);
  const op = doc.paths[template]?.[method];
  expect(op, `${method.toUpperCase()} ${template} is documented`).toBeDefined();
  const response = op!.responses[String(res.status)] ?? op!.responses.default;
  expect(response, `${method.toUpperCase()} ${template} documents status ${res.status}`).toBeDefined();
  if (op!.responses[String(res.status)] === undefined) expect(res.status).toBeGreaterThanOrEqual(400);
  const contentType = res.headers.get('content-type') ?? '';
  const [mediaType, media] = Object.entries(response!.content ?? {})[0] ?? [];
  expect(contentType.startsWith(mediaType ?? '-'), `${contentType} is ${mediaType}`).toBe(true);
  const value = body !== undefined ? body : await res.json();
  const check = ajv.compile(media!.schema);
  const ok = check(value);
  expect(ok ? [] : check.errors, `${method.toUpperCase()} ${template} ${res.status} matches its schema`).toEqual([]);
  return value;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (checked by @readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(openApiDocument().openapi).toBe('3.1.0');
  });

  it('names every Solar Proof message of subscribe and unsubscribe in the envelope enums', () => {
    type Schema = { properties?: { message?: { enum?: string[] } }; anyOf?: Schema[] };
    const post = openApiDocument().paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: Schema }> }> }>>;
    // A status shared with the data actions is an anyOf of the two envelopes.
    const enums = (s: Schema): string[] => [...(s.properties?.message?.enum ?? []), ...(s.anyOf ?? []).flatMap(enums)];
    const messages = Object.values(post['/apidata.php']!.post!.responses).flatMap((r) => enums(r.content['application/json']!.schema));
    for (const m of ['Webhook subscribed successfully', 'Webhook unsubscribed successfully', 'Empty request body', 'Invalid JSON', 'hookUrl parameter is required', 'Invalid webhook URL format', 'Invalid webhook type', 'Invalid API key', 'No matching webhook found for this user', 'Invalid action', 'Method not allowed']) {
      expect(messages).toContain(m);
    }
  });
});

describe('the /apidata.php action table', () => {
  it('takes more actions: a new method gets its own operation, same-status envelopes merge their messages', async () => {
    const doc = openApiDocument([
      ...SOLARPROOF_WEBHOOK_ACTIONS,
      {
        action: 'getallcustomers',
        methods: ['get'],
        summary: 'Every customer',
        query: z.object({ page: z.string().optional() }),
        responses: { 200: z.object({ customers: z.array(z.object({ customer_id: z.int() })) }), 400: envelope(false, ['Invalid API key']) },
      },
      { action: 'deletecustomer', methods: ['post'], summary: 'Delete a customer', body: z.object({ customer_id: z.int() }), responses: { 200: envelope(true, ['Customer deleted']) } },
    ]);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    const api = (doc.paths as Record<string, Record<string, Record<string, unknown>>>)['/apidata.php']!;
    const get = api.get as { parameters: Array<{ name: string; schema: { enum?: string[] } }>; requestBody?: unknown };
    expect(get.parameters.map((p) => p.name)).toEqual(['action', 'page']);
    expect(get.parameters[0]!.schema.enum).toEqual(['getallcustomers']);
    expect(get.requestBody).toBeUndefined();
    const post = api.post as { parameters: Array<{ schema: { enum?: string[] } }>; requestBody: { content: Record<string, { schema: { anyOf: unknown[] } }> }; responses: Record<string, { content: Record<string, { schema: { properties: { message: { enum: string[] } } } }> }> };
    expect(post.parameters[0]!.schema.enum).toEqual(['subscribe_customer', 'unsubscribe_customer', 'deletecustomer']);
    expect(post.requestBody.content['application/json']!.schema.anyOf).toHaveLength(3);
    expect(post.responses['200']!.content['application/json']!.schema.properties.message.enum).toEqual(['Webhook subscribed successfully', 'Webhook unsubscribed successfully', 'Customer deleted']);
  });
});

describe('every documented route answers as documented (real HTTP)', () => {
  let receiver: TestReceiver;
  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => receiver.close());

  it('answers each route with a valid request, and errors as problem+json', async () => {
    const emu = await startForTest({ timeScale: 0.001, delivery: { retry: { schedule: [] } } });
    const url = emu.url;
    const req = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${url}${path}`, { method: method.toUpperCase(), ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const hook = receiver.hookUrl('/contract');

    // The emulated Solar Proof API.
    const subscribe = (type: string) => req('post', `/apidata.php?action=subscribe_customer&api_key=sp_test_key`, { hookUrl: hook, type_request: type });
    expect(await expectConforms('post', '/apidata.php', await subscribe('customer_created'))).toEqual({ success: true, message: 'Webhook subscribed successfully' });
    await subscribe('project_sms_sent');
    expect(await expectConforms('post', '/apidata.php', await req('post', '/apidata.php?action=subscribe_customer&api_key=sp_test_key', { type_request: 'customer_created' }))).toEqual({
      success: false,
      message: 'hookUrl parameter is required',
    });
    await expectConforms('post', '/apidata.php', await req('post', '/apidata.php?action=subscribe_customer&api_key=nope', { hookUrl: hook, type_request: 'customer_created' }));
    await expectConforms('delete', '/apidata.php', await req('delete', '/apidata.php?action=subscribe_customer&api_key=sp_test_key', { hookUrl: hook }));

    // Core.
    const index = (await expectConforms('get', '/_emulator', await req('get', '/_emulator'))) as { routes: unknown[] };
    expect(index.routes.length).toBe(Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).length - 1 - Object.keys(doc.paths['/apidata.php']!).length);
    expect(await expectConforms('get', '/_emulator/health', await req('get', '/_emulator/health'))).toMatchObject({ status: 'ok' });
    const subs = (await expectConforms('get', '/_emulator/subscriptions', await req('get', '/_emulator/subscriptions?type=customer_created'))) as { subscriptions: unknown[] };
    expect(subs.subscriptions).toHaveLength(1);
    await expectConforms('get', '/_emulator/config', await req('get', '/_emulator/config'));
    expect(await expectConforms('patch', '/_emulator/config', await req('patch', '/_emulator/config', { delivery: { timeoutMs: 4000 } }))).toMatchObject({ delivery: { timeoutMs: 4000 } });
    await expectConforms('patch', '/_emulator/config', await req('patch', '/_emulator/config', { port: 1 }));

    // Events and deliveries.
    await expectConforms('get', '/_emulator/event-types', await req('get', '/_emulator/event-types'));
    const stream = await emu.deliveries.stream({});
    const triggered = (await expectConforms('post', '/_emulator/events', await req('post', '/_emulator/events', { type: 'customer_created', count: 2 }))) as { deliveries: string[] };
    expect(triggered.deliveries).toHaveLength(2);
    await expectConforms('post', '/_emulator/events', await req('post', '/_emulator/events', { type: 'customer_deleted' }));
    const streamRes = await fetch(`${url}/_emulator/stream?state=delivered`, { signal: AbortSignal.timeout(60_000) });
    const first = (await stream[Symbol.asyncIterator]().next()).value;
    stream.close();
    await expectConforms('get', '/_emulator/stream', streamRes, first);
    await streamRes.body?.cancel();
    const metricsRes = await req('get', '/_emulator/metrics');
    await expectConforms('get', '/_emulator/metrics', metricsRes, await metricsRes.clone().text());
    const list = (await expectConforms('get', '/_emulator/deliveries', await req('get', '/_emulator/deliveries?wait=30000&min=2&state=delivered,failed'))) as { deliveries: Array<{ id: string }> };
    expect(list.deliveries).toHaveLength(2);
    await expectConforms('get', '/_emulator/deliveries', await req('get', '/_emulator/deliveries?state=bogus'));
    const id = list.deliveries[0]!.id;
    await expectConforms('get', '/_emulator/deliveries/{id}', await req('get', `/_emulator/deliveries/${id}`));
    await expectConforms('get', '/_emulator/deliveries/{id}', await req('get', '/_emulator/deliveries/dlv_999'));
    const again = await req('post', `/_emulator/deliveries/${id}/redeliver`);
    expect(again.status).toBe(201);
    await expectConforms('post', '/_emulator/deliveries/{id}/redeliver', again);
    await expectConforms('get', '/_emulator/stats', await req('get', '/_emulator/stats'));

    // Schedules.
    const created = await req('post', '/_emulator/schedules', { type: 'customer_created', everyMs: 3_600_000, name: 'contract' });
    expect(created.status).toBe(201);
    const schedule = (await expectConforms('post', '/_emulator/schedules', created)) as { id: string };
    await expectConforms('post', '/_emulator/schedules', await req('post', '/_emulator/schedules', { type: 'customer_created' }));
    await expectConforms('get', '/_emulator/schedules', await req('get', '/_emulator/schedules'));
    await expectConforms('get', '/_emulator/schedules/{id}', await req('get', `/_emulator/schedules/${schedule.id}`));
    await expectConforms('delete', '/_emulator/schedules/{id}', await req('delete', `/_emulator/schedules/${schedule.id}`));

    // Scenarios.
    await expectConforms('get', '/_emulator/scenarios', await req('get', '/_emulator/scenarios'));
    await expectConforms('get', '/_emulator/scenarios/{name}', await req('get', '/_emulator/scenarios/cold-lead'));
    await expectConforms('get', '/_emulator/scenarios/{name}', await req('get', '/_emulator/scenarios/no-such'));
    const run = (await expectConforms('post', '/_emulator/scenarios/{name}', await req('post', '/_emulator/scenarios/cold-lead', {}))) as { id: string; state: string };
    expect(run.state).toBe('completed');
    const started = await req('post', '/_emulator/scenarios/cold-lead', { wait: false });
    expect(started.status).toBe(202);
    await expectConforms('post', '/_emulator/scenarios/{name}', started);
    await expectConforms('get', '/_emulator/scenario-runs', await req('get', '/_emulator/scenario-runs'));
    await expectConforms('get', '/_emulator/scenario-runs/{id}', await req('get', `/_emulator/scenario-runs/${run.id}`));

    // Receiver checks.
    const checkBody = { forwardTo: hook, types: ['customer_created'], versions: ['v2'], timeoutMs: 2000, burst: 3 };
    const startedCheck = await req('post', '/_emulator/checks', checkBody);
    expect(startedCheck.status).toBe(202);
    const { id: checkId } = (await expectConforms('post', '/_emulator/checks', startedCheck)) as { id: string };
    await expectConforms('post', '/_emulator/checks', await req('post', '/_emulator/checks', { forwardTo: 42 }));
    const report = await emu.checks.run(checkBody as never);
    await expectConforms('get', '/_emulator/checks/{id}', await req('get', `/_emulator/checks/${checkId}`));
    await expectConforms('get', '/_emulator/checks/{id}', await req('get', '/_emulator/checks/chk_999'));
    const junit = await req('get', `/_emulator/checks/${report.id}/junit`);
    await expectConforms('get', '/_emulator/checks/{id}/junit', junit, await junit.text());

    // The world views and the customers and projects API.
    const customers = (await expectConforms('get', '/_emulator/world/customers', await req('get', '/_emulator/world/customers?apiKey=sp_test_key'))) as { customers: Array<{ customerId: number; email: string; projectIds: number[] }> };
    const someone = customers.customers.find((c) => c.projectIds.length > 0)!;
    await expectConforms('get', '/_emulator/world/projects', await req('get', `/_emulator/world/projects?customerId=${someone.customerId}`));
    const listed = await expectConforms('get', '/apidata.php', await req('get', '/apidata.php?action=getallcustomers&api_key=sp_test_key'));
    expect(Array.isArray(listed)).toBe(true);
    await expectConforms('get', '/apidata.php', await req('get', `/apidata.php?action=getprojectinfo&api_key=sp_test_key&project_id=${someone.projectIds[0]}`));
    await expectConforms('get', '/apidata.php', await req('get', '/apidata.php?action=getcustomerid&api_key=sp_test_key&customer_email=nobody%40example.com'));
    await expectConforms('put', '/apidata.php', await req('put', '/apidata.php?action=updatecustomer&api_key=sp_test_key', { data: { pkcustomerid: someone.customerId, firstname: 'Kim' } }));
    await expectConforms('put', '/apidata.php', await req('put', '/apidata.php?action=updatecustomer&api_key=sp_test_key', { data: { pkcustomerid: 1 } }));

    // API keys at run time, with their errors.
    await expectConforms('post', '/_emulator/accounts', await req('post', '/_emulator/accounts', { apiKey: 'sp_openapi_key' }));
    await expectConforms('post', '/_emulator/accounts', await req('post', '/_emulator/accounts', { apiKey: 'sp_openapi_key' }));
    await expectConforms('get', '/_emulator/accounts', await req('get', '/_emulator/accounts'));
    await expectConforms('delete', '/_emulator/accounts/{apiKey}', await req('delete', '/_emulator/accounts/sp_openapi_key'));
    await expectConforms('delete', '/_emulator/accounts/{apiKey}', await req('delete', '/_emulator/accounts/sp_openapi_key'));

    // The whole state, out and back in.
    const state = await expectConforms('get', '/_emulator/state', await req('get', '/_emulator/state'));
    await expectConforms('put', '/_emulator/state', await req('put', '/_emulator/state', state));
    await expectConforms('put', '/_emulator/state', await req('put', '/_emulator/state', { format: 'nope' }));

    // The contract itself.
    const served = await expectConforms('get', '/_emulator/openapi.json', await req('get', '/_emulator/openapi.json'));
    expect(served).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    await expectConforms('get', '/_emulator/config.schema.json', await req('get', '/_emulator/config.schema.json'));

    // Unsubscribe, then reset.
    expect(await expectConforms('post', '/apidata.php', await req('post', '/apidata.php?action=unsubscribe_customer&api_key=sp_test_key', { hookUrl: hook }))).toEqual({
      success: true,
      message: 'Webhook unsubscribed successfully',
    });
    expect(await expectConforms('delete', '/apidata.php', await req('delete', '/apidata.php?action=unsubscribe_customer&api_key=sp_test_key', { hookUrl: hook }))).toEqual({
      success: false,
      message: 'No matching webhook found for this user',
    });
    await expectConforms('post', '/_emulator/reset', await req('post', '/_emulator/reset'));

    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.filter((op) => !called.has(op))).toEqual([]);
    // One test walks every route (~4 s alone at load 12); beside a Chromium file in a loaded full
    // run it passed vitest's 20 s (2026-12-07, load 13-19, and in round 2 at load 20-24).
  }, 60_000);
});
