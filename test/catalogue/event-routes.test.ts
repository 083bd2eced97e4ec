import request from 'supertest';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { catalogueEmulator } from './catalogue-harness.js';

let emu: Emulator;
afterEach(() => emu.close());

describe('GET /_emulator/event-types', () => {
  it('lists every v2 type with description, version, JSON Schema and an example that fits it', async () => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).get('/_emulator/event-types').expect(200);
    expect(res.body.payloadVersion).toBe('v2');
    const types = res.body.eventTypes as Array<Record<string, unknown>>;
    expect(types.map((t) => t.type)).toEqual(['customer_created', 'customer_status_change', 'project_email_sent', 'project_sms_sent', 'published_proposal_link', 'contract_signed', 'recent_draft_project']);
    for (const t of types) {
      expect(t).toMatchObject({ payloadVersion: 'v2', description: expect.any(String), inferred: expect.any(Boolean) });
      // The served JSON Schema is usable as is: zod reads it back and accepts the example.
      const schema = z.fromJSONSchema(t.schema as never);
      expect(schema.safeParse(t.example).success, String(t.type)).toBe(true);
    }
    const created = types.find((t) => t.type === 'customer_created')!;
    expect(created.inferred).toBe(false);
    expect((created.schema as { type: string }).type).toBe('object');
    expect((types.find((t) => t.type === 'project_sms_sent')!.schema as { type: string }).type).toBe('array');
  });

  it('follows payloadVersion: v1 has no contract_signed and single-object payloads', async () => {
    emu = catalogueEmulator(1, { payloadVersion: 'v1' });
    const res = await request(emu.app).get('/_emulator/event-types').expect(200);
    const types = res.body.eventTypes as Array<{ type: string; example: unknown }>;
    expect(types.map((t) => t.type)).not.toContain('contract_signed');
    expect(types.every((t) => !Array.isArray(t.example))).toBe(true);
  });
});

describe('POST /_emulator/events', () => {
  it('generates one event for the first account by default and answers events and deliveries', async () => {
    // An empty world (no seeded book), so the first customer gets the first id.
    emu = catalogueEmulator(1, { world: { initialCustomers: 0 } });
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created' }).expect(200);
    expect(res.body).toEqual({ events: [{ id: 'evt_1', type: 'customer_created', payload: expect.objectContaining({ customer_id: 79_460 }) }], deliveries: [] });
  });

  it('generates count events, with overrides, for a named account', async () => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app)
      .post('/_emulator/events')
      .send({ type: 'project_email_sent', count: 3, overrides: { email_subject: 'Hello' }, apiKey: 'sp_test_key' })
      .expect(200);
    expect(res.body.events.map((e: { id: string }) => e.id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(res.body.events.every((e: { payload: Array<{ email_subject: string }> }) => e.payload[0]!.email_subject === 'Hello')).toBe(true);
  });

  it('keeps a flow on one customer with subject', async () => {
    emu = catalogueEmulator(1);
    const created = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created' }).expect(200);
    const customerId = created.body.events[0].payload.customer_id as number;
    const change = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId } }).expect(200);
    expect(change.body.events[0].payload[0]).toMatchObject({ customer_id: customerId, old_status_id: 1 });
    const missing = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId: 5 } }).expect(404);
    expect(missing.body.code).toBe('UNKNOWN_SUBJECT');
    const bad = await request(emu.app).post('/_emulator/events').send({ type: 'customer_status_change', subject: { customerId: 'x' } }).expect(400);
    expect(bad.body.code).toBe('INVALID_SUBJECT');
  });

  it.each([
    [{ type: 'customer_deleted' }, 'UNKNOWN_EVENT_TYPE', 'Known types: customer_created, customer_status_change'],
    [{}, 'UNKNOWN_EVENT_TYPE', 'GET /_emulator/event-types'],
    [{ type: 'customer_created', count: 0 }, 'INVALID_COUNT', 'from 1 to 1000'],
    [{ type: 'customer_created', count: 1001 }, 'INVALID_COUNT', 'from 1 to 1000'],
    [{ type: 'customer_created', count: 1.5 }, 'INVALID_COUNT', 'integer'],
    [{ type: 'customer_created', count: '2' }, 'INVALID_COUNT', 'integer'],
    [{ type: 'customer_created', overrides: { customer_id: 'x' } }, 'INVALID_OVERRIDE', 'customer_id'],
    [{ type: 'customer_created', apiKey: 'nope' }, 'UNKNOWN_API_KEY', 'Configured keys: sp_test_key'],
  ])('answers %j with a 400 %s that says what to do', async (body, code, hint) => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toContain(hint);
  });

  it('refuses a misspelt body field instead of ignoring it', async () => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created', cout: 5 }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_BODY', detail: 'Unknown field "cout". The body takes type, count, overrides, apiKey, subject, body, rawBody, contentType.' });
  });

  it.each(['constructor', '__proto__'])('answers a 400 naming an override called %s (no 500)', async (field) => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').set('content-type', 'application/json')
      .send(`{"type":"customer_created","overrides":{"${field}":{"x":1}}}`).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_OVERRIDE', field });
  });

  it.each([
    [{ newCustomer: true, customerId: 79_460 }, /^subject\.newCustomer: a new customer has no customerId/],
    [{ newProject: true, projectId: 2143 }, /^subject\.newProject: a new project has no projectId/],
  ])('refuses the contradictory subject %j with 400 INVALID_SUBJECT', async (subject, detail) => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'recent_draft_project', subject }).expect(400);
    expect(res.body.code).toBe('INVALID_SUBJECT');
    expect(res.body.detail).toMatch(detail);
  });

  it('names subject itself when subject is not an object', async () => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created', subject: 'x' }).expect(400);
    expect(res.body.detail).toMatch(/^subject: Invalid input: expected object/);
  });

  it('names the field of a bad override in the problem', async () => {
    emu = catalogueEmulator(1);
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'customer_created', overrides: { customer_id: 'x' } }).expect(400);
    expect(res.body.field).toBe('customer_id');
  });

  it('knows contract_signed only in v2', async () => {
    emu = catalogueEmulator(1, { payloadVersion: 'v1' });
    const res = await request(emu.app).post('/_emulator/events').send({ type: 'contract_signed' }).expect(400);
    expect(res.body.detail).toContain('payload version v1');
    await request(emu.app).patch('/_emulator/config').send({ payloadVersion: 'v2' }).expect(200);
    await request(emu.app).post('/_emulator/events').send({ type: 'contract_signed' }).expect(200);
  });

  it('restarts the sequence after POST /_emulator/reset', async () => {
    emu = catalogueEmulator(1);
    const a = await request(emu.app).post('/_emulator/events').send({ type: 'recent_draft_project', count: 2 }).expect(200);
    await request(emu.app).post('/_emulator/reset').expect(200);
    const b = await request(emu.app).post('/_emulator/events').send({ type: 'recent_draft_project', count: 2 }).expect(200);
    expect(b.body.events).toEqual(a.body.events);
  });
});
