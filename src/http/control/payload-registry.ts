import type { EventType, PayloadVersion } from '../../core/event-types.js';
import type { EventPayload, PayloadItem, PayloadMap } from '../../catalogue/payload-types.js';

/**
 * Registers the catalogue's payload types with the contract (declaration merging), so the typed
 * client types trigger overrides and answers by event type and payload version without importing
 * the catalogue. src/index.ts exports the payload types through this file, so every program that
 * sees the client also sees this registration.
 */
declare module '../../contract/payload-types.js' {
  interface PayloadTypes {
    items: { [V in PayloadVersion]: { [T in EventType]: PayloadItem<T, V> } };
    payloads: { [V in PayloadVersion]: { [T in EventType]: EventPayload<T, V> } };
  }
}

export type { EventPayload, PayloadItem, PayloadMap };
