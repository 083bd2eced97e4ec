import type { z } from 'zod';
import type { ConfigInput as ConfigInputOf } from '../config/config-schema.js';
import type { ScheduleSpec as ScheduleSpecOf } from '../config/schedule-config.js';
import type * as a from './answer-schemas.js';
import type * as d from './delivery-schemas.js';
import type { stateDocumentSchema } from './state-document-schema.js';
import type * as w from './world-schemas.js';
import type { SubjectRequest } from '../core/subject.js';

/** The control API's wire types: each is `z.infer` of its contract schema. */

export type Health = z.output<typeof a.healthSchema>;
export type Subscription = z.output<typeof a.subscriptionSchema>;
export type ConfigView = z.output<typeof a.configViewSchema>;
export type ConfigInput = ConfigInputOf;
export type ScheduleSpec = ScheduleSpecOf;
export type EventTypeInfo = z.output<typeof a.eventTypeInfoSchema>;
export type TriggerAnswer = z.output<typeof a.triggerResultSchema>;
export type AttemptView = z.output<typeof d.attemptSchema>;
export type DeliveryView = z.output<typeof d.deliveryViewSchema>;
export type DeliveryList = z.output<typeof d.deliveryListSchema>;
export type StatsView = z.output<typeof d.statsSchema>;
export type DeliveryChangeView = z.output<typeof d.deliveryChangeSchema>;
export type ScheduleView = z.output<typeof a.scheduleViewSchema>;
export type ScenarioSummaryView = z.output<typeof a.scenarioSummarySchema>;
export type ScenarioView = z.output<typeof a.scenarioSchema>;
export type ScenarioRunView = z.output<typeof a.scenarioRunViewSchema>;
export type WorldCustomerView = z.output<typeof w.worldCustomerSchema>;
export type WorldProjectView = z.output<typeof w.worldProjectSchema>;
export type StateDocument = z.output<typeof stateDocumentSchema>;
export type Problem = z.output<typeof a.problemSchema>;
export type { WorldCustomerFilter, WorldProjectFilter } from './world-schemas.js';
export type { AttemptOutcome, DeliveryState, StreamChange, StreamField } from './wire-values.js';

/**
 * What a trigger may say besides its type: the fields of `POST /_emulator/events`, as the event
 * trigger (`TriggerRequest`) and the typed client (`TriggerOptions`) both take them.
 */
export interface TriggerFields {
  /** How many events, 1..1000 (default 1). */
  count?: number;
  /** Payload fields to replace (deep-merged into the payload, into each element for array payloads). */
  overrides?: Record<string, unknown>;
  /** The account the events happen in (default: the first configured key). */
  apiKey?: string;
  /** Which customer/project the events are about, and for customer_status_change the target `status`. */
  subject?: SubjectRequest;
  /** An exact payload, sent as this JSON instead of a generated one; the world does not move. */
  body?: unknown;
  /** An exact body, sent byte for byte (UTF-8); the world does not move. */
  rawBody?: string;
  /** The Content-Type a `rawBody` is sent with (default application/json). */
  contentType?: string;
}
