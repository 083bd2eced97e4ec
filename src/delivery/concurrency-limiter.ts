import { SkipQueue } from './skip-queue.js';

/** A started or queued piece of work, cancellable while it waits. */
export interface SlotTicket {
  cancel(): void;
}

interface Waiting {
  start: () => void;
  cancelled: boolean;
}

/** The ticket of work started at once: nothing left to cancel (one shared object, not one per attempt). */
const STARTED: SlotTicket = { cancel: () => undefined };

/**
 * Bounds attempts in flight, overall and per host (perf-notes.md: got gets no faster past
 * 16-64 in flight, only slower per request). Limits are read on every grant, so a config
 * change applies to the next attempt. Hosts take turns, so one slow receiver does not starve
 * the others.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly activeByHost = new Map<string, number>();
  private readonly queues = new Map<string, SkipQueue<Waiting>>();
  private queuedCount = 0;
  private readonly hosts = new Map<string, string>();

  constructor(private readonly limits: () => { max: number; perHost: number }) {}

  /** Calls `start` once a slot for `host` is free (at once if one is); `release(host)` frees it. */
  acquire(host: string, start: () => void): SlotTicket {
    if (this.hasRoom(host)) {
      this.take(host);
      start();
      return STARTED;
    }
    const item: Waiting = { start, cancelled: false };
    let queue = this.queues.get(host);
    if (!queue) {
      queue = new SkipQueue<Waiting>();
      this.queues.set(host, queue);
    }
    queue.push(item);
    this.queuedCount++;
    return {
      cancel: () => {
        if (!item.cancelled) {
          item.cancelled = true;
          this.queuedCount--;
        }
      },
    };
  }

  release(host: string): void {
    this.active--;
    const left = (this.activeByHost.get(host) ?? 1) - 1;
    if (left === 0) this.activeByHost.delete(host);
    else this.activeByHost.set(host, left);
    this.drain();
  }

  /** The host (`name:port`) a hook URL's attempts count against; remembered per URL. */
  hostOf(url: string): string {
    let host = this.hosts.get(url);
    if (host === undefined) {
      try {
        host = new URL(url).host;
      } catch {
        host = url;
      }
      if (this.hosts.size > 10_000) this.hosts.clear();
      this.hosts.set(url, host);
    }
    return host;
  }

  /** Starts what the current limits allow (after a config change raised them). */
  poke(): void {
    this.drain();
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.queuedCount;
  }

  private drain(): void {
    if (this.queuedCount === 0) return;
    // Read once per drain: nothing below changes the config.
    const { max, perHost } = this.limits();
    while (this.active < max && this.queuedCount > 0) {
      let started = false;
      for (const [host, queue] of this.queues) {
        if ((this.activeByHost.get(host) ?? 0) >= perHost) continue;
        const item = queue.shift();
        if (queue.empty) this.queues.delete(host);
        if (!item) continue;
        // Move the host to the back: the next free slot goes to another host first.
        if (!queue.empty && this.queues.size > 1) {
          this.queues.delete(host);
          this.queues.set(host, queue);
        }
        this.queuedCount--;
        this.take(host);
        item.start();
        started = true;
        break;
      }
      if (!started) return;
    }
  }

  private hasRoom(host: string): boolean {
    const { max, perHost } = this.limits();
    return this.active < max && (this.activeByHost.get(host) ?? 0) < perHost;
  }

  private take(host: string): void {
    this.active++;
    this.activeByHost.set(host, (this.activeByHost.get(host) ?? 0) + 1);
  }
}
