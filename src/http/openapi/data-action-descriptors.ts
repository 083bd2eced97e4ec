import { z } from 'zod';
import { DATA_ACTIONS, errorEnvelope, type DataAction } from '../../solarproof/data-actions.js';
import type { ApiActionDescriptor } from './api-actions.js';
import { SOLARPROOF_WEBHOOK_ACTIONS } from './api-actions.js';

/** One data action of `/apidata.php` as the OpenAPI generator takes it: success at 200, errors by status. */
export function dataActionDescriptor(a: DataAction): ApiActionDescriptor {
  const responses: { [status: number]: z.ZodType } = { 200: a.success };
  const byStatus = new Map<number, string[]>();
  for (const e of a.errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e.code]);
  for (const [status, codes] of byStatus) {
    responses[status] = errorEnvelope.extend({ code: z.enum([...new Set(codes)] as [string, ...string[]]) });
  }
  return {
    action: a.action,
    methods: a.methods.map((m) => m.toLowerCase() as Lowercase<typeof m>),
    summary: a.summary,
    ...(a.ours.length > 0 ? { description: `Decided by the emulator where Solar Proof's docs are silent: ${a.ours.join('; ')}.` } : {}),
    ...(a.body ? { body: a.body } : {}),
    ...(a.query instanceof z.ZodObject ? { query: a.query } : {}),
    responses,
  };
}

let allActions: readonly ApiActionDescriptor[] | undefined;
/**
 * Every action `/apidata.php` answers: subscribe/unsubscribe and the customers and projects API.
 * Made on first call (the OpenAPI document, its tests), not at import: the error schemas it
 * extends cost zod several ms on the start path (decision 0028).
 */
export function allApiActions(): readonly ApiActionDescriptor[] {
  allActions ??= [...SOLARPROOF_WEBHOOK_ACTIONS, ...DATA_ACTIONS.map(dataActionDescriptor)];
  return allActions;
}
