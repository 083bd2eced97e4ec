import type { EventType, PayloadVersion } from './event-types.js';

/** An event: something that happened in an account's fake world, ready to be delivered. */
export interface AccountEvent {
  /** `evt_1`, `evt_2`, ... per emulator run (reset starts again at 1). */
  id: string;
  type: EventType;
  /** The account (API key) the event happened in; only its subscriptions receive it. */
  apiKey: string;
  payloadVersion: PayloadVersion;
  /** Exactly what is POSTed to each subscribed hook URL. */
  payload: unknown;
  /** `JSON.stringify(payload)`, made once per event and shared by all its deliveries and attempts. */
  body: string;
  /** The world-clock time the event happened (ISO-8601 UTC). */
  occurredAt: string;
  /**
   * The world entities the event is about, so scenarios can keep following them. An exact body
   * (`source: 'raw'`) is about no world entity: `{ customerId: 0 }` (Solar Proof ids start at 1).
   */
  subject: { customerId: number; projectId?: number };
  /** `raw` when the body was given by the caller (`body` / `rawBody`), not generated. */
  source?: 'raw';
  /** The Content-Type the body is sent with, when not `application/json` (a `rawBody`'s `contentType`). */
  contentType?: string;
}

/** @deprecated The old name of `AccountEvent`. */
export type EmittedEvent = AccountEvent;
