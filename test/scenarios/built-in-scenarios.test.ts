import { afterEach, describe, expect, it } from 'vitest';
import { eventTypesFor, type PayloadVersion } from '../../src/core/event-types.js';
import { startForTest } from '../support/start.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

const receivers: TestReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

type Item = Record<string, unknown>;
/** v1 payloads and v2 customer_created are one object; other v2 payloads arrays of objects. */
const itemsOf = (payload: unknown): Item[] => (Array.isArray(payload) ? (payload as Item[]) : [payload as Item]);
const customerIdOf = (i: Item) => i.customer_id ?? i.pkcustomerid ?? i.fkcustomerid;
const projectIdOf = (i: Item) => i.project_id ?? i.pkcustomerquotationid;

async function runScenario(name: string, payloadVersion: PayloadVersion) {
  const emu = await startForTest({ seed: 11, payloadVersion, timeScale: 0.0001 });
  const receiver = await startTestReceiver();
  receivers.push(receiver);
  for (const type of eventTypesFor(payloadVersion)) await emu.subscribe(receiver.hookUrl(`/${type}`), type);
  const res = await fetch(`${emu.url}/_emulator/scenarios/${name}`, { method: 'POST', body: '{}' });
  const run = (await res.json()) as {
    state: string;
    customerId: number;
    projectIds: number[];
    events: Array<{ id: string; type: string; step: number; payload: unknown }>;
    deliveries: string[];
    steps: Array<{ type: string; state: string }>;
  };
  expect(res.status, JSON.stringify(run)).toBe(200);
  const received = await receiver.waitFor(run.events.length);
  return { emu, run, received };
}

describe.each(['v2', 'v1'] as const)('built-in scenarios under %s', (version) => {
  it('residential-journey: one customer and one project from creation to signature', async () => {
    const { emu, run, received } = await runScenario('residential-journey', version);
    const signing = version === 'v2' ? 'contract_signed' : 'customer_status_change';
    expect(run.events.map((e) => e.type)).toEqual([
      'customer_created',
      'recent_draft_project',
      'published_proposal_link',
      'project_email_sent',
      'project_sms_sent',
      signing,
      // Stage model: signing moves the customer to Signed, and that change is announced too.
      ...(version === 'v2' ? ['customer_status_change'] : []),
    ]);
    const items = run.events.flatMap((e) => itemsOf(e.payload));
    expect(new Set(items.map(customerIdOf))).toEqual(new Set([run.customerId]));
    const projectIds = items.map(projectIdOf).filter((id) => id !== undefined);
    expect(projectIds).toHaveLength(version === 'v2' ? 5 : 4); // v1's status change names no project
    expect(new Set(projectIds)).toEqual(new Set(run.projectIds));
    expect(run.projectIds).toHaveLength(1);
    expect(itemsOf(run.events[0]!.payload)[0]).toMatchObject(version === 'v2' ? { customer_type_id: 1 } : { customer_type: 'RESIDENTIAL' });
    if (version === 'v1') {
      // The Signed step moves the world's customer too (subject status), so old and new statuses tell one story.
      const created = itemsOf(run.events[0]!.payload)[0]!;
      expect(itemsOf(run.events.at(-1)!.payload)[0]).toMatchObject({ pkcustomerid: run.customerId, old_status: created.customer_status, new_status: 2 });
      const next = await emu.trigger<'customer_status_change', 'v1'>('customer_status_change', { subject: { customerId: run.customerId } });
      expect(next.events[0]!.payload.old_status).toBe(2);
    }
    // Every event was delivered exactly as the run reports it.
    expect(run.deliveries).toHaveLength(run.events.length);
    expect(received.map((r) => r.rawBody).sort()).toEqual(run.events.map((e) => JSON.stringify(e.payload)).sort());
  });

  it('cold-lead: follow-ups about one customer and project, never signed', async () => {
    const { run } = await runScenario('cold-lead', version);
    const types = run.events.map((e) => e.type);
    expect(types).not.toContain('contract_signed');
    expect(types).not.toContain('customer_status_change');
    expect(types.filter((t) => t === 'project_email_sent' || t === 'project_sms_sent')).toHaveLength(4);
    const items = run.events.flatMap((e) => itemsOf(e.payload));
    expect(new Set(items.map(customerIdOf))).toEqual(new Set([run.customerId]));
    expect(new Set(items.map(projectIdOf).filter((id) => id !== undefined)).size).toBe(1);
  });

  it('commercial-multi-project: one commercial customer, two projects, each step on its labelled project', async () => {
    const { run } = await runScenario('commercial-multi-project', version);
    const items = run.events.map((e) => itemsOf(e.payload)[0]!);
    expect(new Set(run.events.flatMap((e) => itemsOf(e.payload)).map(customerIdOf))).toEqual(new Set([run.customerId]));
    expect(items[0]).toMatchObject(version === 'v2' ? { customer_type_id: 2 } : { customer_type: 'COMMERCIAL' });
    expect(run.projectIds).toHaveLength(2);
    const [warehouse, office] = run.projectIds;
    // Steps 1-10 alternate between the labelled projects as the file says.
    expect(items.slice(1, 10).map(projectIdOf)).toEqual([warehouse, office, warehouse, office, warehouse, office, warehouse, warehouse, warehouse]);
    const last = run.events.at(-1)!;
    if (version === 'v2') {
      // The signing, then the status change it caused (the customer was New Contacts).
      expect(run.events.at(-2)!.type).toBe('contract_signed');
      expect(projectIdOf(items.at(-2)!)).toBe(warehouse);
      expect(last.type).toBe('customer_status_change');
      expect(itemsOf(last.payload)[0]).toMatchObject({ customer_id: run.customerId, new_status_id: 2 });
    } else {
      expect(last.type).toBe('customer_status_change');
      expect(run.steps.find((s) => s.type === 'contract_signed')!.state).toBe('skipped');
    }
  });
});
