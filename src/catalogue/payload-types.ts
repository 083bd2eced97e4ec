import type { z } from 'zod';
import type { EventType, PayloadVersion } from '../core/event-types.js';
import type { PAYLOAD_DEFINITIONS } from './payload-definitions.js';

type Definitions = typeof PAYLOAD_DEFINITIONS;

/** The built-in spec of (T, V) as a type; `never` when version V does not know type T. */
type SpecOf<T extends EventType, V extends PayloadVersion> = V extends keyof Definitions[T]['versions'] ? Definitions[T]['versions'][V] : never;

/**
 * One payload object of event type `T` in payload version `V` (default v2): for array payloads,
 * the type of each element. Read from the zod schemas the emulator renders with, so it cannot
 * drift from what is POSTed. `never` when `V` does not know `T` (`contract_signed` in v1).
 *
 * @example
 *   const c: PayloadItem<'customer_created'> = ...; c.customer_id // number
 *   const old: PayloadItem<'customer_created', 'v1'> = ...; old.pkcustomerid // number
 */
export type PayloadItem<T extends EventType, V extends PayloadVersion = 'v2'> = T extends EventType
  ? V extends PayloadVersion
    ? [SpecOf<T, V>] extends [never]
      ? never
      : SpecOf<T, V> extends { item: infer S extends z.ZodObject }
        ? z.output<S>
        : never
    : never
  : never;

/**
 * Exactly what is POSTed for event type `T` in payload version `V` (default v2): the object, or an
 * array of them for array-shaped payloads (every v2 type but `customer_created`). A union when
 * `T` is a union; `never` when `V` does not know `T`.
 *
 * @example
 *   const p: EventPayload<'project_sms_sent'> = ...; p[0].sms_message // string
 */
export type EventPayload<T extends EventType, V extends PayloadVersion = 'v2'> = T extends EventType
  ? V extends PayloadVersion
    ? [SpecOf<T, V>] extends [never]
      ? never
      : SpecOf<T, V> extends { shape: 'array' }
        ? PayloadItem<T, V>[]
        : PayloadItem<T, V>
    : never
  : never;

/** Every (version, type)'s payload: `PayloadMap['v1']['customer_status_change']`. Only types the version knows. */
export type PayloadMap = {
  [V in PayloadVersion]: { [T in EventType as [EventPayload<T, V>] extends [never] ? never : T]: EventPayload<T, V> };
};
