// The real thing: a CRM that, on customer_created (v1), calls Solar Proof back with getcustomerid
// and stores the full customer. The emulator's world is the truth the stored record must equal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from 'solarproof-mock';
import { startCrmSync } from '../src/crm-sync.js';

let emu: RunningEmulator;
let crm: Awaited<ReturnType<typeof startCrmSync>> | undefined;

beforeEach(async () => {
  emu = await startEmulator({ seed: 42, payloadVersion: 'v1', delivery: { retry: { schedule: [20, 40, 80] } } });
});
afterEach(async () => {
  await crm?.close();
  crm = undefined;
  await emu.close();
});

describe('crm-sync against solarproof-mock', () => {
  it('stores exactly the customer the emulator\'s world holds, for triggered and API-created customers', async () => {
    crm = await startCrmSync({ solarproofUrl: emu.url, apiKey: emu.apiKey, token: 't0ken' });
    const { events } = await emu.trigger<'customer_created', 'v1'>('customer_created', { count: 3, subject: { customerType: 'COMMERCIAL' } });
    const created = await fetch(`${emu.url}/apidata.php?action=createcustomer&api_key=${emu.apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { firstname: 'Judy', surname: 'Matherson', email: 'judy.matherson@example.com', phone1: '0411 549 054', type: 'RESIDENTIAL' } }),
    });
    const { id } = (await created.json()) as { id: string };
    await emu.deliveries.waitFor({ type: 'customer_created', state: 'delivered' }, { min: 4, timeoutMs: 15_000 });

    const ids = [...events.map((e) => String(e.payload.pkcustomerid)), id];
    expect([...crm.customers.keys()].sort()).toEqual([...ids].sort());
    for (const customerId of ids) {
      const stored = crm.customers.get(customerId)!;
      // The world, through the control API: same id, name, e-mail, status and projects.
      const { customers } = await emu.world.customers({ customerId: Number(customerId) });
      const truth = customers[0]!;
      expect(stored.customer_id).toBe(String(truth.customerId));
      expect(`${String(stored.customer_first_name)} ${String(stored.customer_last_name)}`).toBe(truth.name);
      expect(stored.customer_email).toBe(truth.email);
      expect(stored.customer_status).toBe(truth.status);
      expect((stored.projects as unknown[]).length).toBe(truth.projectIds.length);
      // And the full record equals what Solar Proof answers now.
      const now = await fetch(`${emu.url}/apidata.php?action=getcustomerid&api_key=${emu.apiKey}&customer_email=${encodeURIComponent(truth.email)}`);
      expect(stored).toEqual(await now.json());
    }
    expect(crm.customers.get(id)).toMatchObject({ customer_first_name: 'Judy', customer_last_name: 'Matherson', customer_phone_1: '0411 549 054', customer_type: 'Residential', customer_status: 'New Contacts' });
  });

  it('a lookup that fails (503) fails the webhook, and the retry stores the customer', async () => {
    crm = await startCrmSync({ solarproofUrl: emu.url, apiKey: emu.apiKey, token: 't0ken' });
    // Retries far enough apart that the fault is off again before they run out, even on a loaded machine.
    await emu.config.update({ api: { faults: { error503: 1 } }, delivery: { retry: { schedule: [500, 1000, 2000, 4000] } } });
    const { events } = await emu.trigger<'customer_created', 'v1'>('customer_created');
    await expect.poll(() => crm!.lookups.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await emu.config.update({ api: { faults: { error503: 0 } } });
    const [delivery] = await emu.deliveries.waitFor({ eventId: events[0]!.id, state: 'delivered' }, { timeoutMs: 15_000 });
    expect(delivery!.attempts.length).toBeGreaterThan(1);
    expect(crm.customers.has(String(events[0]!.payload.pkcustomerid))).toBe(true);
  });
});
