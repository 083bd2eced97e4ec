import { EmulatorError } from '../core/errors.js';
import type { AccountEvent } from '../core/event.js';
import type { EventType } from '../core/event-types.js';
import { SUBJECT_HINT } from '../core/subject.js';

/** The most events one trigger makes; more is a schedule's job. */
export { MAX_COUNT } from '../contract/request-schemas.js';
import { MAX_COUNT, triggerBodySchema } from '../contract/request-schemas.js';
import type { TriggerFields } from '../contract/wire-types.js';

/**
 * The one request type for making events happen: a control-API trigger, a schedule tick, a
 * scenario step and the in-process `trigger()` all arrive as this.
 */
export interface TriggerRequest extends TriggerFields {
  type: EventType;
}

/** What a trigger made: the events and one delivery id per (event x matching subscription). */
export interface TriggerResult {
  events: AccountEvent[];
  deliveries: string[];
}

/** The event trigger's one call, as the parts that make events happen (schedules, scenarios) take it. */
export type TriggerFn = (request: TriggerRequest) => TriggerResult;

const FIELDS = ['type', 'count', 'overrides', 'apiKey', 'subject', 'body', 'rawBody', 'contentType'] as const;

/** The shape of a trigger body: the wire contract's (`src/contract/request-schemas.ts`). */
export { triggerBodySchema } from '../contract/request-schemas.js';

/**
 * Reads a `POST /_emulator/events` body into a TriggerRequest; throws an EmulatorError whose code
 * names the field at fault.
 *
 * @example parseTriggerBody({ type: 'customer_created', count: 2 }) // { type: 'customer_created', count: 2 }
 */
export function parseTriggerBody(body: unknown, knownKeys: () => readonly string[]): TriggerRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EmulatorError('INVALID_BODY', 'Send a JSON object such as {"type":"customer_created","count":1}.');
  }
  const parsed = triggerBodySchema.safeParse(body);
  if (parsed.success) {
    const { count, ...rest } = parsed.data;
    return { ...(rest as Omit<TriggerRequest, 'count'>), ...(count === undefined ? {} : { count: count as number }) };
  }
  const issues = parsed.error.issues;
  // A misspelt field ("cout": 5) would otherwise be ignored and the test would get 1 event.
  const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
  if (unknown.length > 0) {
    throw new EmulatorError('INVALID_BODY', `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}. The body takes ${FIELDS.join(', ')}.`);
  }
  const issue = issues[0]!;
  switch (issue.path[0]) {
    case 'type':
      throw new EmulatorError('UNKNOWN_EVENT_TYPE', '"type" is required: one of the types GET /_emulator/event-types lists, e.g. {"type":"customer_created"}.');
    case 'apiKey':
      throw new EmulatorError('UNKNOWN_API_KEY', `"apiKey" must be a string; configured keys: ${knownKeys().join(', ')}.`);
    case 'rawBody':
    case 'contentType':
      throw new EmulatorError('INVALID_BODY', `"${String(issue.path[0])}" must be a string: ${issue.message}. Send {"type":"customer_created","rawBody":"{\\"a\\":1}","contentType":"application/json"}.`);
    case 'subject':
      throw new EmulatorError('INVALID_SUBJECT', `${issue.path.map(String).join('.')}: ${issue.message}. ${SUBJECT_HINT}`, { status: 400 });
    default:
      throw new EmulatorError('INVALID_BODY', `${issue.path.map(String).join('.') || 'body'}: ${issue.message}.`);
  }
}
