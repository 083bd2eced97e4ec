import type { z } from 'zod';
import type { deliveryStreamQuery, DeliveryFilterQuery } from '../../contract/delivery-query.js';
import type { DeliveryFilter } from '../../delivery/delivery.js';
import type { StreamForm } from './delivery-stream.js';

export { MAX_LIMIT, MAX_WAIT_MS, deliveryFilterQuery, deliveryListQuery, deliveryStreamQuery, type DeliveryFilterQuery } from '../../contract/delivery-query.js';

/** The stream form a parsed `/stream` query names. */
export function streamFormOf(q: z.infer<typeof deliveryStreamQuery>): StreamForm {
  return { payload: q.payload ?? false, ...(q.change ? { changes: q.change } : {}), ...(q.fields ? { fields: q.fields } : {}) };
}

/** The journal filter a parsed query names (fields given only). */
export function filterOf(q: DeliveryFilterQuery): DeliveryFilter {
  const filter: DeliveryFilter = {};
  if (q.id) filter.id = q.id;
  if (q.type) filter.type = q.type;
  if (q.hookUrl) filter.hookUrl = q.hookUrl;
  if (q.state) filter.state = q.state;
  if (q.eventId) filter.eventId = q.eventId;
  if (q.apiKey) filter.apiKey = q.apiKey;
  return filter;
}
