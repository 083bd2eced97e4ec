import type { EventType } from '../core/event-types.js';

/** (account, hookUrl, event type), as created by `subscribe_customer`. */
export interface Subscription {
  id: string;
  apiKey: string;
  hookUrl: string;
  type: EventType;
  /** Wall-clock time the subscription was made (ISO-8601). */
  createdAt: string;
}

export interface SubscriptionFilter {
  apiKey?: string;
  hookUrl?: string;
  type?: EventType;
}

/** The store's part of a state document. */
export interface SubscriptionsState {
  /** The number of the last id issued (`sub_<counter>`): a restored store never issues it again. */
  counter: number;
  subscriptions: Subscription[];
}

/** Why subscriptions left: unsubscribe_customer, a 410 with unsubscribeOnGone, a revoked key, or reset. */
export type RemovalReason = 'unsubscribed' | 'gone' | 'revoked' | 'reset';

type RemovedListener = (removed: readonly Subscription[], reason: RemovalReason) => void;

/**
 * The subscriptions of every account. Subscribing is idempotent per (account, hookUrl, type);
 * unsubscribing removes every type of a hook URL in one account, as Solar Proof documents.
 */
export class SubscriptionStore {
  private readonly rows = new Map<string, Subscription>();
  private readonly listeners: RemovedListener[] = [];
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** Adds a subscription, or returns the existing one for the same (account, hookUrl, type). */
  subscribe(apiKey: string, hookUrl: string, type: EventType): { subscription: Subscription; created: boolean } {
    const existing = this.list({ apiKey, hookUrl, type })[0];
    if (existing) return { subscription: existing, created: false };
    const subscription: Subscription = {
      id: `sub_${++this.counter}`,
      apiKey,
      hookUrl,
      type,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.rows.set(subscription.id, subscription);
    return { subscription, created: true };
  }

  /** Removes every subscription of `hookUrl` (exact match) in the account; returns them. */
  unsubscribe(apiKey: string, hookUrl: string, reason: Exclude<RemovalReason, 'reset'> = 'unsubscribed'): Subscription[] {
    const removed = this.list({ apiKey, hookUrl });
    for (const s of removed) this.rows.delete(s.id);
    if (removed.length > 0) this.notify(removed, reason);
    return removed;
  }

  /** Removes every subscription of a revoked API key (their pending deliveries are cancelled, reason `revoked`); returns them. */
  removeAccount(apiKey: string): Subscription[] {
    const removed = this.list({ apiKey });
    for (const s of removed) this.rows.delete(s.id);
    if (removed.length > 0) this.notify(removed, 'revoked');
    return removed;
  }

  /** Subscriptions matching every given field, oldest first. */
  list(filter: SubscriptionFilter = {}): Subscription[] {
    return [...this.rows.values()].filter(
      (s) =>
        (filter.apiKey === undefined || s.apiKey === filter.apiKey) &&
        (filter.hookUrl === undefined || s.hookUrl === filter.hookUrl) &&
        (filter.type === undefined || s.type === filter.type),
    );
  }

  /** How many subscriptions the account holds. */
  countFor(apiKey: string): number {
    let n = 0;
    for (const s of this.rows.values()) if (s.apiKey === apiKey) n++;
    return n;
  }

  get(id: string): Subscription | undefined {
    return this.rows.get(id);
  }

  /** Removes everything (reset). */
  clear(): void {
    const removed = [...this.rows.values()];
    this.rows.clear();
    this.counter = 0;
    if (removed.length > 0) this.notify(removed, 'reset');
  }

  /** Called after subscriptions are removed, e.g. so the delivery engine cancels their pending deliveries. */
  /** Everything the store holds, for a state document (see `restore`). */
  snapshot(): SubscriptionsState {
    return { counter: this.counter, subscriptions: [...this.rows.values()].map((s) => ({ ...s })) };
  }

  /** Replaces every subscription with `state`'s (no removal is reported: nothing was pending). Ids continue from `state.counter`. */
  restore(state: SubscriptionsState): void {
    this.rows.clear();
    for (const s of state.subscriptions) this.rows.set(s.id, { ...s });
    this.counter = state.counter;
  }

  onRemoved(listener: RemovedListener): void {
    this.listeners.push(listener);
  }

  private notify(removed: readonly Subscription[], reason: RemovalReason): void {
    for (const l of this.listeners) l(removed, reason);
  }
}
