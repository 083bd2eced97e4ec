import type { Clock, TimerHandle } from '../core/clock.js';
import { EmulatorError } from '../core/errors.js';
import { SkipQueue } from './skip-queue.js';

/** The gate's settings (`delivery.sendQueue`). */
export interface SendQueueLimits {
  /** Waiting starts at this many unsent deliveries; 0 turns the gate off. */
  max: number;
  /** The longest a trigger waits for room before it is refused. */
  waitMs: number;
}

export interface SendQueueGateDeps {
  /** Deliveries due now but not yet answered: queued for a connection slot, or being sent. */
  unsent(): number;
  limits(): SendQueueLimits;
  /** Real time: the wait is the caller's, not the emulated world's (timeScale does not apply). */
  clock: Clock;
  /** Runs `fn` after the current turn's promise continuations (a released trigger has run by then). */
  defer?(fn: () => void): void;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
  timer: TimerHandle;
  /** Settled (let go, refused, or its caller went away): the queue skips it. */
  cancelled: boolean;
}

/**
 * Back-pressure for triggers: a trigger that arrives while `max` or more deliveries are waiting to
 * be sent waits here (first come, first served) until one is answered, so triggers cannot outrun
 * sending and pile up unbounded work; after `waitMs` it is refused (429 SEND_QUEUE_FULL) and
 * creates nothing. One waiter goes per free place; the next ones are weighed on a later turn, after
 * the released triggers have created their deliveries, so the queue stays near `max` however many
 * wait.
 */
export class SendQueueGate {
  private readonly waiters = new SkipQueue<Waiter>();
  private pumping = false;
  private live = 0;
  private readonly defer: (fn: () => void) => void;

  constructor(private readonly deps: SendQueueGateDeps) {
    this.defer = deps.defer ?? ((fn) => setImmediate(fn));
  }

  /** How many triggers wait now. */
  get waiting(): number {
    return this.live;
  }

  /**
   * Undefined when there is room now (the common case: no promise, no timer); otherwise a promise
   * that resolves when there is, or rejects with SEND_QUEUE_FULL after `waitMs`, or with
   * `signal`'s reason when the caller goes away. `signal` may be a function that makes one: it is
   * called only when the trigger has to wait (no AbortController per request on the fast path).
   */
  whenRoom(lazySignal?: AbortSignal | (() => AbortSignal)): Promise<void> | undefined {
    const { max, waitMs } = this.deps.limits();
    if (max === 0 || (this.waiting === 0 && this.deps.unsent() < max)) return undefined;
    const signal = typeof lazySignal === 'function' ? lazySignal() : lazySignal;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        cancelled: false,
        resolve: () => finish(() => resolve()),
        reject: (err) => finish(() => reject(err)),
        timer: this.deps.clock.setTimeout(() => {
          const unsent = this.deps.unsent();
          waiter.reject(
            new EmulatorError(
              'SEND_QUEUE_FULL',
              `Refused after waiting ${waitMs} ms: ${unsent} deliveries are still waiting to be sent (delivery.sendQueue.max is ${max}), so the receivers are not keeping up and nothing was created. ` +
                'Trigger more slowly, make the receiver answer faster, or raise delivery.sendQueue.max or delivery.sendQueue.waitMs (PATCH /_emulator/config {"delivery":{"sendQueue":{...}}}); 0 turns waiting off.',
              { extra: { unsent, sendQueueMax: max, waitedMs: waitMs } },
            ),
          );
        }, waitMs),
      };
      const finish = (settle: () => void): void => {
        if (waiter.cancelled) return;
        waiter.cancelled = true;
        this.live--;
        waiter.timer.cancel();
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const onAbort = (): void => waiter.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      this.live++;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      // Others wait already but there may be room now (one of them just went): weigh again.
      this.pump();
    });
  }

  /** A delivery left the send queue (answered, failed to connect, cancelled) or a limit changed. */
  pump(): void {
    if (this.pumping || this.live === 0) return;
    const { max } = this.deps.limits();
    // As many waiters go as there are free places (all of them when the gate is off).
    let room = max === 0 ? this.live : max - this.deps.unsent();
    if (room <= 0) return;
    for (let w = this.waiters.shift(); w; w = room > 0 ? this.waiters.shift() : undefined) {
      w.resolve();
      room--;
    }
    // Let the released triggers create their deliveries before the next ones are weighed.
    this.pumping = true;
    this.defer(() => {
      this.pumping = false;
      this.pump();
    });
  }

  /** Refuses every waiting trigger with `err` (shutdown, close). */
  rejectAll(err: Error): void {
    for (let w = this.waiters.shift(); w; w = this.waiters.shift()) w.reject(err);
  }
}
