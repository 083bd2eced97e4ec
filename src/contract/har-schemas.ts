import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';

/**
 * `GET /_emulator/deliveries?format=har`: the journal as an HTTP Archive (HAR 1.2), one entry per
 * attempt. The fields HAR 1.2 requires, plus the journal's own under `_`-prefixed names (HAR's
 * place for custom fields). test/control/har.test.ts checks answers against the HAR 1.2 JSON
 * Schema (the har-schema package) too.
 */
const header = lazySchema(() => z.object({ name: z.string(), value: z.string() }));
const nameValue = lazySchema(() => z.array(header));

export const harEntrySchema = lazySchema(() => z.object({
  startedDateTime: z.string(),
  time: z.number().min(0),
  request: z.object({
    method: z.string(),
    url: z.string(),
    httpVersion: z.string(),
    cookies: z.array(z.unknown()),
    headers: nameValue,
    queryString: nameValue,
    postData: z.object({ mimeType: z.string(), text: z.string(), params: z.array(z.unknown()).optional() }).optional(),
    headersSize: z.number(),
    bodySize: z.number(),
  }),
  response: z.object({
    status: z.number().int(),
    statusText: z.string(),
    httpVersion: z.string(),
    cookies: z.array(z.unknown()),
    headers: nameValue,
    content: z.object({ size: z.number(), mimeType: z.string(), text: z.string().optional(), comment: z.string().optional() }),
    redirectURL: z.string(),
    headersSize: z.number(),
    bodySize: z.number(),
    _error: z.string().optional(),
  }),
  cache: z.object({}),
  timings: z.object({ blocked: z.number(), dns: z.number(), connect: z.number(), send: z.number(), wait: z.number(), receive: z.number(), ssl: z.number() }),
  comment: z.string(),
  _deliveryId: z.string(),
  _eventId: z.string(),
  _type: z.string(),
  _deliveryState: z.string(),
  _attempt: z.number().int(),
  _outcome: z.string(),
  _fault: z.string().optional(),
  _latencyMs: z.number().optional(),
}));

export const harSchema = lazySchema(() => z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.string(), version: z.string() }),
    pages: z.array(z.unknown()),
    entries: z.array(harEntrySchema),
    comment: z.string().optional(),
  }),
}));

export type Har = z.infer<typeof harSchema>;
export type HarEntry = z.infer<typeof harEntrySchema>;
