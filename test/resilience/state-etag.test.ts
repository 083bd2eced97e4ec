import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateDocument } from '../../src/state/state-document.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';

const HOOK = 'http://127.0.0.1:9/hook';
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ world: { initialCustomers: 0 }, delivery: { retry: { schedule: [] } } });
  await emu.subscribe(HOOK, 'customer_created');
  await emu.trigger('customer_created');
  await emu.deliveries.waitFor({ state: 'failed' }, { min: 1, timeoutMs: 20_000 });
});
afterAll(() => emu.close());

async function get(): Promise<{ etag: string; doc: StateDocument }> {
  const res = await fetch(`${emu.url}/_emulator/state`);
  expect(res.status).toBe(200);
  return { etag: res.headers.get('etag') ?? '', doc: (await res.json()) as StateDocument };
}

function put(doc: unknown, ifMatch?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) };
  return fetch(`${emu.url}/_emulator/state`, { method: 'PUT', headers, body: JSON.stringify(doc) });
}

describe('state export and import: ETag, If-Match, size', () => {
  it('GET answers a strong ETag that stays while nothing changes and moves when something does', async () => {
    const a = await get();
    const b = await get();
    expect(a.etag).toMatch(/^"[\w-]{27}"$/);
    expect(b.etag).toBe(a.etag);
    await emu.trigger('customer_created');
    expect((await get()).etag).not.toBe(a.etag);
  });

  it('a GET-edit-PUT with a stale If-Match is refused 412 STATE_CHANGED and changes nothing; with the fresh tag it lands', async () => {
    const stale = await get();
    await emu.trigger('customer_created'); // work done between the GET and the PUT
    await emu.deliveries.waitFor({ state: 'failed' }, { min: 3, timeoutMs: 20_000 });
    const before = await get();
    const refused = await put(stale.doc, stale.etag);
    expect(refused.status).toBe(412);
    const problem = (await refused.json()) as { code: string; etag: string };
    expect(problem.code).toBe('STATE_CHANGED');
    expect(problem.etag).toBe(before.etag);
    expect((await get()).etag).toBe(before.etag);

    const edited = structuredClone(before.doc);
    edited.subscriptions.subscriptions[0]!.hookUrl = 'http://127.0.0.1:9/edited';
    const ok = await put(edited, before.etag);
    expect(ok.status).toBe(200);
    const after = await get();
    expect(ok.headers.get('etag')).toBe(after.etag);
    expect(after.doc.subscriptions.subscriptions[0]!.hookUrl).toBe('http://127.0.0.1:9/edited');
    expect(after.doc.deliveries.deliveries).toHaveLength(3);
    expect((await put(after.doc, '"other", *')).status).toBe(200);
  });

  it('a 10 000-delivery journal (~16 MB, over api.maxBodyBytes) round-trips through PUT', async () => {
    const { doc } = await get();
    const one = doc.deliveries.deliveries[0]!;
    const body = 'x'.repeat(1400); // about the size of a real payload
    doc.deliveries.deliveries = Array.from({ length: 10_000 }, (_, i) => ({ ...structuredClone(one), id: `dlv_${i + 1}`, event: { ...one.event, body } }));
    doc.deliveries.counter = 10_000;
    const bytes = Buffer.byteLength(JSON.stringify(doc));
    expect(bytes).toBeGreaterThan(15_000_000);
    const res = await put(doc);
    expect(res.status, await res.clone().text()).toBe(200);
    const back = await get();
    expect(back.doc.deliveries.deliveries).toHaveLength(10_000);
    expect(back.doc.deliveries.deliveries.at(-1)!.id).toBe('dlv_10000');
    expect((await put(back.doc, back.etag)).status).toBe(200);
    // Other control routes keep api.maxBodyBytes.
    const big = await fetch(`${emu.url}/_emulator/config`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) });
    expect(big.status).toBe(413);
  }, 60_000);
});
