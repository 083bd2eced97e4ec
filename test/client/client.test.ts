import { afterEach, describe, expect, it } from 'vitest';
import { createClient, EmulatorApiError, startEmulator, WaitForTimeoutError, type DeliveryChange, type RunningEmulator } from '../../src/index.js';
import { startTestReceiver, type TestReceiver } from '../support/test-receiver.js';

let emu: RunningEmulator | undefined;
let receiver: TestReceiver | undefined;

afterEach(async () => {
  await emu?.close();
  await receiver?.close();
  emu = undefined;
  receiver = undefined;
});

describe('startEmulator and createClient', () => {
  it('starts on a free 127.0.0.1 port with the default key, and a separate client sees the same emulator', async () => {
    emu = await startEmulator({ seed: 5 });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apiKey).toBe('sp_test_key');
    const other = createClient(emu.url);
    expect(await other.health()).toMatchObject({ status: 'ok' });
    await other.subscribe('http://127.0.0.1:9/h', 'customer_created');
    expect(await emu.subscriptions.list()).toHaveLength(1);
  });

  it('triggers, waits for the delivery and shows its attempts', async () => {
    emu = await startEmulator({ seed: 5 });
    receiver = await startTestReceiver();
    await emu.subscribe(receiver.hookUrl('/c?token=1'), 'customer_created');
    const { events, deliveries } = await emu.trigger('customer_created', { count: 2 });
    expect(events).toHaveLength(2);
    expect(deliveries).toHaveLength(2);
    const done = await emu.deliveries.waitFor({ type: 'customer_created', state: 'delivered' }, { min: 2, timeoutMs: 5000 });
    expect(done.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    const one = await emu.deliveries.get(deliveries[0]!);
    expect(one.attempts).toEqual([expect.objectContaining({ number: 1, outcome: 'success', status: 200 })]);
    expect(receiver.requests.map((r) => r.url)).toEqual(['/c?token=1', '/c?token=1']);
  });

  it('waitFor throws a WaitForTimeoutError that says what did match', async () => {
    emu = await startEmulator({ seed: 5 });
    await emu.subscribe('http://127.0.0.1:9/never', 'customer_created');
    await emu.config.update({ delivery: { retry: { schedule: [] }, timeoutMs: 200 } });
    await emu.trigger('customer_created');
    // failFast: false, or the wait would stop at once with the delivery failed (see typed-client.test.ts).
    const error = await emu.deliveries.waitFor({ state: 'delivered' }, { timeoutMs: 300, failFast: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toMatch(/Timed out after 300 ms waiting for 1 deliveries matching \{"state":"delivered"\}; 0 matched/);
  });

  it('throws EmulatorApiError with the problem code on a bad trigger or config patch', async () => {
    emu = await startEmulator({ seed: 5 });
    const unknown = await emu.trigger('customer_deleted' as 'customer_created').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(EmulatorApiError);
    expect(unknown).toMatchObject({ status: 400, code: 'UNKNOWN_EVENT_TYPE' });
    const bad = await emu.config.update({ delivery: { timeoutMs: -1 } }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'INVALID_CONFIG' });
    const refused = await emu.unsubscribe('http://127.0.0.1:9/none').catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, detail: 'No matching webhook found for this user' });
  });

  it('creates, lists and deletes a schedule, and runs a scenario', async () => {
    emu = await startEmulator({ seed: 5, timeScale: 0.01 });
    const schedule = await emu.schedules.create({ type: 'customer_created', everyMs: 1000, count: 3 });
    expect(schedule.id).toBe('sch_1');
    expect((await emu.schedules.list()).map((s) => s.id)).toEqual(['sch_1']);
    const stopped = await emu.schedules.delete(schedule.id);
    expect(stopped.state).toMatch(/stopped|finished/);
    const run = await emu.scenarios.run('residential-journey');
    expect(run.state).toBe('completed');
    expect(run.events.length).toBeGreaterThanOrEqual(5);
  });

  it('close() leaves nothing listening', async () => {
    emu = await startEmulator();
    const url = emu.url;
    await emu.close();
    emu = undefined;
    await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
  });
});

describe('deliveries.stream', () => {
  /** Takes the next `n` changes from an open stream's iterator. */
  async function take(it: AsyncIterator<DeliveryChange>, n: number): Promise<DeliveryChange[]> {
    const got: DeliveryChange[] = [];
    while (got.length < n) {
      const next = await it.next();
      if (next.done) break;
      got.push(next.value);
    }
    return got;
  }

  it('yields a delivery as it settles, once connected, with the payload only when asked', async () => {
    emu = await startEmulator({ seed: 5 });
    receiver = await startTestReceiver();
    await emu.subscribe(receiver.hookUrl('/s'), 'customer_created');
    const light = await emu.deliveries.stream({ state: 'delivered' });
    const full = await createClient(emu.url).deliveries.stream({ state: 'delivered' }, { payload: true });
    const { events, deliveries } = await emu.trigger('customer_created');
    const [change] = await take(light[Symbol.asyncIterator](), 1);
    expect(change).toMatchObject({ change: 'settled', delivery: { id: deliveries[0], eventId: events[0]!.id, state: 'delivered', attempts: [{ outcome: 'success', status: 200 }] } });
    expect(change!.delivery).not.toHaveProperty('payload');
    const [withPayload] = await take(full[Symbol.asyncIterator](), 1);
    expect(withPayload!.delivery.payload).toEqual(events[0]!.payload);
    light.close();
    full.close();
  });

  it('honours the filter: a list of hook URLs and a state; other deliveries never arrive', async () => {
    emu = await startEmulator({ seed: 5 });
    receiver = await startTestReceiver();
    const [a, b, c] = ['/a', '/b', '/c'].map((p) => receiver!.hookUrl(p));
    for (const url of [a!, b!, c!]) await emu.subscribe(url, 'customer_created');
    const stream = await emu.deliveries.stream({ hookUrl: [a!, c!], state: 'delivered' });
    const it = stream[Symbol.asyncIterator]();
    await emu.trigger('customer_created');
    const first = await take(it, 2);
    // b settled before the second trigger, so a leak would arrive before the second batch.
    await emu.deliveries.waitFor({ hookUrl: b, state: 'delivered' }, { timeoutMs: 5000 });
    await emu.trigger('customer_created');
    const second = await take(it, 2);
    const seen = [...first, ...second];
    expect(seen.map((s) => s.delivery.hookUrl).sort()).toEqual([a, a, c, c]);
    expect(seen.every((s) => s.change === 'settled' && s.delivery.state === 'delivered')).toBe(true);
    stream.close();
  });

  it('keeps only the changes asked for (change: "created")', async () => {
    emu = await startEmulator({ seed: 5 });
    receiver = await startTestReceiver();
    await emu.subscribe(receiver.hookUrl('/c'), 'customer_created');
    const stream = await emu.deliveries.stream({}, { change: 'created' });
    const it = stream[Symbol.asyncIterator]();
    const first = await emu.trigger('customer_created');
    await emu.deliveries.waitFor({ hookUrl: receiver.hookUrl('/c'), state: 'delivered' }, { timeoutMs: 5000 });
    const second = await emu.trigger('customer_created');
    // Had attempts or settlements come through, they would arrive between the two creations.
    const seen = await take(it, 2);
    expect(seen.map((s) => [s.change, s.delivery.id])).toEqual([
      ['created', first.deliveries[0]],
      ['created', second.deliveries[0]],
    ]);
    stream.close();
  });

  it('stops on abort: a waiting for-await loop just finishes, and later reads are done', async () => {
    emu = await startEmulator({ seed: 5 });
    const stop = new AbortController();
    const stream = await emu.deliveries.stream({}, { signal: stop.signal });
    const seen: DeliveryChange[] = [];
    const loop = (async () => {
      for await (const change of stream) seen.push(change);
      return 'finished';
    })();
    stop.abort();
    expect(await loop).toBe('finished');
    expect(seen).toEqual([]);
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    stream.close(); // closing again is harmless
  });

  it('rejects a bad filter with EmulatorApiError, and an aborted signal before connecting', async () => {
    emu = await startEmulator({ seed: 5 });
    const bad = await emu.deliveries.stream({ state: 'done' as 'delivered' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(EmulatorApiError);
    expect(bad).toMatchObject({ status: 400, code: 'INVALID_QUERY', detail: expect.stringContaining('Unknown state "done"') });
    const aborted = await emu.deliveries.stream({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ name: 'AbortError' });
  });
});
