import { z } from 'zod';
import { EmulatorError } from '../core/errors.js';
import type { TriggerRequest } from './trigger-request.js';

/** An exact body as the delivery engine sends it: the bytes and, when not JSON's, their Content-Type. */
export interface ExactBody {
  body: string;
  contentType?: string;
}

const jsonValue = z.json();
const GENERATING = ['count', 'overrides', 'subject'] as const;

/**
 * The exact body a trigger request asks for (`body`: any JSON, serialised here; `rawBody`: the
 * string as given), or undefined for a generated event. Throws INVALID_BODY naming the field for
 * a request that mixes them, or asks for what only a generated event has.
 *
 * @example exactBody({ type: 'customer_created', rawBody: '{"a":1}' }) // { body: '{"a":1}' }
 */
export function exactBody(req: TriggerRequest): ExactBody | undefined {
  const hasBody = 'body' in req;
  const hasRaw = req.rawBody !== undefined;
  if (!hasBody && !hasRaw) {
    if (req.contentType !== undefined) throw invalid('"contentType" goes with "rawBody" only; send {"type":...,"rawBody":"...","contentType":"..."}.');
    return undefined;
  }
  if (hasBody && hasRaw) throw invalid('Send "body" (a JSON payload) or "rawBody" (a string sent byte for byte), not both.');
  const generating = GENERATING.filter((f) => req[f] !== undefined);
  if (generating.length > 0) {
    throw invalid(`${generating.map((f) => `"${f}"`).join(', ')} shape${generating.length === 1 ? 's' : ''} a generated event; an exact body is sent as given, once. Drop ${generating.length === 1 ? 'it' : 'them'}, or drop "${hasBody ? 'body' : 'rawBody'}".`);
  }
  if (hasRaw) {
    if (typeof req.rawBody !== 'string') throw invalid('"rawBody" must be a string (the bytes to send, as UTF-8).');
    return req.contentType === undefined ? { body: req.rawBody } : { body: req.rawBody, contentType: req.contentType };
  }
  if (req.contentType !== undefined) throw invalid('"contentType" goes with "rawBody" only: "body" is always sent as application/json.');
  if (req.body === undefined || !jsonValue.safeParse(req.body).success) {
    throw invalid('"body" must be a JSON value (object, array, string, number, boolean or null); for bytes that are not JSON use "rawBody".');
  }
  return { body: JSON.stringify(req.body) };
}

function invalid(detail: string): EmulatorError {
  return new EmulatorError('INVALID_BODY', detail);
}
