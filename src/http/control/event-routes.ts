import { z } from 'zod';
import { CatalogueError, OverrideError, type CatalogueErrorCode } from '../../catalogue/catalogue-errors.js';
import type { EventType } from '../../catalogue/event-types.js';
import type { Emulator } from '../../emulator.js';
import { emitEvents } from '../../events/emit-events.js';
import { CUSTOMER_TYPES } from '../../world/entities.js';
import { sendProblem } from '../problem.js';
import type { ControlRoute } from './route.js';

const STATUS: Record<CatalogueErrorCode, number> = {
  UNKNOWN_EVENT_TYPE: 400,
  INVALID_COUNT: 400,
  INVALID_OVERRIDE: 400,
  UNKNOWN_API_KEY: 400,
  UNKNOWN_SUBJECT: 404,
  INVALID_SUBJECT: 409,
};

const BODY_FIELDS: readonly string[] = ['type', 'count', 'overrides', 'apiKey', 'subject'];

/** `subject` keeps events on one customer or project (what scenarios do in process). */
const subjectSchema = z.strictObject({
  customerId: z.int().positive().optional(),
  projectId: z.int().positive().optional(),
  newCustomer: z.boolean().optional(),
  newProject: z.boolean().optional(),
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  /** customer_status_change: the status id to move to (0 No Status, 1 New Contacts, 2 Signed, 3 Mega Status). */
  status: z.literal([0, 1, 2, 3]).optional(),
}).superRefine((s, ctx) => {
  // Contradictions would otherwise be resolved silently (an existing customer despite newCustomer).
  if (s.newCustomer && (s.customerId !== undefined || s.projectId !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['newCustomer'], message: 'a new customer has no customerId or projectId yet; give newCustomer or an id, not both' });
  }
  if (s.newProject && s.projectId !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['newProject'], message: 'a new project has no projectId yet; give newProject or projectId, not both' });
  }
});

/** The event catalogue and the trigger. */
export function eventRoutes(emu: Emulator): ControlRoute[] {
  return [
    {
      method: 'get',
      path: '/event-types',
      summary: 'The catalogue: per type its description, payload version, JSON Schema and an example',
      handler: (_req, res) => {
        const version = emu.config.get().payloadVersion;
        res.json({ payloadVersion: version, eventTypes: emu.catalogue.describe(version) });
      },
    },
    {
      method: 'post',
      path: '/events',
      summary: 'Trigger: {"type","count"?,"overrides"?,"apiKey"?} -> {"events","deliveries"}',
      handler: (req, res) => {
        const body: unknown = req.body;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return sendProblem(res, 400, 'INVALID_BODY', 'Send a JSON object such as {"type":"customer_created","count":1}.');
        }
        const b = body as Record<string, unknown>;
        // A misspelt field ("cout": 5) would otherwise be ignored and the test would get 1 event.
        const unknown = Object.keys(b).filter((k) => !BODY_FIELDS.includes(k));
        if (unknown.length > 0) {
          return sendProblem(res, 400, 'INVALID_BODY', `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}. The body takes ${BODY_FIELDS.join(', ')}.`);
        }
        if (typeof b.type !== 'string') {
          return sendProblem(res, 400, 'UNKNOWN_EVENT_TYPE', '"type" is required: one of the types GET /_emulator/event-types lists, e.g. {"type":"customer_created"}.');
        }
        if (b.apiKey !== undefined && typeof b.apiKey !== 'string') {
          return sendProblem(res, 400, 'UNKNOWN_API_KEY', `"apiKey" must be a string; configured keys: ${emu.accounts.all().map((a) => a.apiKey).join(', ')}.`);
        }
        const subject = subjectSchema.optional().safeParse(b.subject);
        if (!subject.success) {
          const issue = subject.error.issues[0]!;
          return sendProblem(res, 400, 'INVALID_SUBJECT', `${['subject', ...issue.path].join('.')}: ${issue.message}. subject takes customerId, projectId (ids from earlier events), newCustomer, newProject, customerType, status (customer_status_change: 0, 1, 2 or 3).`);
        }
        try {
          const result = emitEvents(emu, {
            type: b.type as EventType,
            count: b.count as number | undefined,
            overrides: b.overrides as Record<string, unknown> | undefined,
            apiKey: b.apiKey,
            subject: subject.data,
          });
          res.json({
            events: result.events.map((e) => ({ id: e.id, type: e.type, payload: e.payload })),
            deliveries: result.deliveries,
          });
        } catch (err) {
          if (!(err instanceof CatalogueError)) throw err;
          const extra = err instanceof OverrideError ? { field: err.field } : {};
          sendProblem(res, STATUS[err.code], err.code, err.message, extra);
        }
      },
    },
  ];
}
