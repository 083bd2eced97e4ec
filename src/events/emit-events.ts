import type { GenerateRequest } from '../catalogue/catalogue.js';
import { CatalogueError } from '../catalogue/catalogue-errors.js';
import { eventTypesFor, isEventType, type EventType } from '../catalogue/event-types.js';
import type { Emulator } from '../emulator.js';
import type { EmittedEvent } from './event.js';

export const MAX_COUNT = 1000;

export interface EmitRequest {
  type: EventType;
  /** How many events, 1..1000 (default 1). */
  count?: number;
  overrides?: Record<string, unknown>;
  /** The account the events happen in (default: the first configured key). */
  apiKey?: string;
  subject?: GenerateRequest['subject'];
}

export interface EmitResult {
  events: EmittedEvent[];
  /** One id per (event x matching subscription). */
  deliveries: string[];
}

/**
 * Makes `count` events happen and hands each to the delivery engine. The one entry point for
 * triggers (control API, in-process API), schedules and scenarios. Throws CatalogueError
 * (code UNKNOWN_EVENT_TYPE, INVALID_COUNT, UNKNOWN_API_KEY, INVALID_OVERRIDE, ...) with a message
 * that says what to do.
 *
 * @example emitEvents(emu, { type: 'customer_created', count: 3 }).events.length // 3
 */
export function emitEvents(emu: Emulator, req: EmitRequest): EmitResult {
  const version = emu.config.get().payloadVersion;
  if (!isEventType(req.type, version)) {
    throw new CatalogueError('UNKNOWN_EVENT_TYPE', `Unknown event type "${String(req.type)}" for payload version ${version}. Known types: ${eventTypesFor(version).join(', ')}.`);
  }
  const count = req.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new CatalogueError('INVALID_COUNT', `count must be an integer from 1 to ${MAX_COUNT}; got ${JSON.stringify(req.count)}. For more events, call again or use a schedule.`);
  }
  const apiKey = req.apiKey ?? emu.accounts.primary().apiKey;
  if (!emu.accounts.get(apiKey)) {
    throw new CatalogueError('UNKNOWN_API_KEY', `Unknown apiKey "${apiKey}". Configured keys: ${emu.accounts.all().map((a) => a.apiKey).join(', ')}.`);
  }
  const events: EmittedEvent[] = [];
  const deliveries: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = emu.catalogue.generate({ type: req.type, apiKey, overrides: req.overrides, subject: req.subject });
    events.push(event);
    for (const id of emu.delivery.dispatch(event)) deliveries.push(id);
  }
  return { events, deliveries };
}
