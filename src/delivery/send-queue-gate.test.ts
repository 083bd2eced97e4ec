import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { EmulatorError } from '../core/errors.js';
import { SendQueueGate, type SendQueueLimits } from './send-queue-gate.js';

/** A gate over a counter the test moves by hand; deferred pumps run when the test says. */
function setup(limits: SendQueueLimits = { max: 2, waitMs: 1000 }) {
  const clock = new ManualClock();
  const state = { unsent: 0, limits };
  const deferred: (() => void)[] = [];
  const gate = new SendQueueGate({ unsent: () => state.unsent, limits: () => state.limits, clock, defer: (fn) => deferred.push(fn) });
  const runDeferred = (): void => {
    for (let fn = deferred.shift(); fn; fn = deferred.shift()) fn();
  };
  return { clock, state, gate, runDeferred };
}

/** Which of the promises have settled, after the microtask queue ran. */
async function settled(promises: Promise<void>[]): Promise<string[]> {
  const out = promises.map(() => 'waiting');
  promises.forEach((p, i) =>
    p.then(
      () => (out[i] = 'resolved'),
      (e: unknown) => (out[i] = e instanceof EmulatorError ? e.code : String(e)),
    ),
  );
  await new Promise((r) => setImmediate(r));
  return out;
}

describe('SendQueueGate', () => {
  it('lets a trigger through at once (no promise) while the send queue is under max', () => {
    const { state, gate } = setup();
    state.unsent = 1;
    expect(gate.whenRoom()).toBeUndefined();
    expect(gate.waiting).toBe(0);
  });

  it('holds triggers at max and lets one go per free place, first come first served', async () => {
    const { state, gate, runDeferred } = setup();
    state.unsent = 2;
    const waits = [gate.whenRoom()!, gate.whenRoom()!, gate.whenRoom()!];
    expect(gate.waiting).toBe(3);
    expect(await settled(waits)).toEqual(['waiting', 'waiting', 'waiting']);

    state.unsent = 1; // one answered
    gate.pump();
    expect(await settled(waits)).toEqual(['resolved', 'waiting', 'waiting']);
    state.unsent = 2; // the released trigger made its delivery
    runDeferred();
    expect(await settled(waits)).toEqual(['resolved', 'waiting', 'waiting']);

    state.unsent = 0; // both places free: the next two go together
    gate.pump();
    expect(await settled(waits)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(gate.waiting).toBe(0);
  });

  it('a newcomer queues behind those already waiting, even when a place is free', async () => {
    const { state, gate, runDeferred } = setup();
    state.unsent = 2;
    const first = gate.whenRoom()!;
    state.unsent = 1;
    // The place that just came free goes to the first waiter, not to the newcomer.
    const second = gate.whenRoom();
    expect(second).toBeInstanceOf(Promise);
    expect(await settled([first, second!])).toEqual(['resolved', 'waiting']);
    state.unsent = 2;
    runDeferred();
    state.unsent = 1;
    gate.pump();
    expect(await settled([first, second!])).toEqual(['resolved', 'resolved']);
  });

  it('refuses with SEND_QUEUE_FULL after waitMs, naming the setting, and forgets the waiter', async () => {
    const { state, gate, clock } = setup({ max: 1, waitMs: 500 });
    state.unsent = 3;
    const wait = gate.whenRoom()!;
    const err = wait.catch((e: unknown) => e);
    await clock.advance(499);
    expect(await settled([wait])).toEqual(['waiting']);
    await clock.advance(1);
    const e = (await err) as EmulatorError;
    expect(e.code).toBe('SEND_QUEUE_FULL');
    expect(e.status).toBe(429);
    expect(e.message).toContain('delivery.sendQueue.max is 1');
    expect(e.message).toContain('waiting 500 ms');
    expect(e.extra).toMatchObject({ unsent: 3, sendQueueMax: 1, waitedMs: 500 });
    expect(gate.waiting).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('a caller that goes away stops waiting, and its place goes to the next', async () => {
    const { state, gate } = setup({ max: 1, waitMs: 10_000 });
    state.unsent = 1;
    const gone = new AbortController();
    const a = gate.whenRoom(gone.signal)!;
    const b = gate.whenRoom()!;
    gone.abort(new Error('client left'));
    state.unsent = 0;
    gate.pump();
    expect(await settled([a, b])).toEqual(['Error: client left', 'resolved']);
  });

  it('makes a lazily given signal only when the trigger has to wait', async () => {
    const { state, gate } = setup({ max: 1, waitMs: 10_000 });
    let made = 0;
    const lazy = (): AbortSignal => {
      made++;
      return gone.signal;
    };
    const gone = new AbortController();
    expect(gate.whenRoom(lazy)).toBeUndefined();
    expect(made).toBe(0);
    state.unsent = 1;
    const w = gate.whenRoom(lazy)!;
    expect(made).toBe(1);
    gone.abort(new Error('left'));
    expect(await settled([w])).toEqual(['Error: left']);
  });

  it('max 0 turns the gate off, and lowering the load by config releases waiters', async () => {
    const { state, gate } = setup({ max: 1, waitMs: 10_000 });
    state.unsent = 5;
    const w = gate.whenRoom()!;
    state.limits = { max: 0, waitMs: 10_000 };
    expect(gate.whenRoom()).toBeUndefined();
    gate.pump(); // a config change pumps
    expect(await settled([w])).toEqual(['resolved']);
  });

  it('rejectAll refuses every waiter (shutdown)', async () => {
    const { state, gate } = setup({ max: 1, waitMs: 10_000 });
    state.unsent = 1;
    const waits = [gate.whenRoom()!, gate.whenRoom()!];
    gate.rejectAll(new EmulatorError('SHUTTING_DOWN', 'bye'));
    expect(await settled(waits)).toEqual(['SHUTTING_DOWN', 'SHUTTING_DOWN']);
    expect(gate.waiting).toBe(0);
  });
});
