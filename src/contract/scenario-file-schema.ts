import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema.js';
import { CUSTOMER_STATUS_IDS, CUSTOMER_TYPES } from '../core/customer-types.js';
import { EVENT_TYPES, PAYLOAD_VERSIONS } from '../core/event-types.js';

// The scenario file as the control API shows it (GET /scenarios/:name). src/scenarios/scenario-schema.ts
// has the same schema today; test/contract/moved-schemas.test.ts fails when the two drift, until it imports this one.

/**
 * One step of a scenario: an event about the scenario's current customer and project, unless
 * the step says otherwise (`newCustomer`, `newProject`, or a `project` label).
 */
export const scenarioStepSchema = lazySchema(() => z
  .strictObject({
    type: z.enum(EVENT_TYPES),
    /** Wait before this step, in ms (multiplied by timeScale). */
    delayMs: z.number().int().min(0).max(86_400_000).default(0),
    /** Payload fields to set, as in POST /_emulator/events. */
    overrides: z.record(z.string(), z.unknown()).optional(),
    /** About a new customer from here on (and no project until a project event makes one). */
    newCustomer: z.boolean().optional(),
    /** About a new project of the current customer from here on. */
    newProject: z.boolean().optional(),
    /**
     * Names a project within the run: the first step with a label makes a new project, later
     * steps with the same label go back to it.
     */
    project: z.string().min(1).max(50).optional(),
    /** Type of the customer this step creates (customer_created or newCustomer). */
    customerType: z.enum(CUSTOMER_TYPES).optional(),
    /**
     * customer_status_change only: the status id the customer moves to (0 No Status, 1 New
     * Contacts, 2 Signed, 3 Mega Status), in the world and in the payload alike.
     */
    status: z.literal(CUSTOMER_STATUS_IDS).optional(),
    /** Runs the step only under these payload versions (e.g. contract_signed exists only in v2). */
    payloadVersions: z.array(z.enum(PAYLOAD_VERSIONS)).min(1).optional(),
    /** What the step stands for, for people reading the file. */
    note: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.newProject && s.project !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'give "newProject" or a "project" label, not both (a new label already makes a new project)' });
    }
    if ((s.type === 'customer_created' || s.type === 'customer_status_change') && (s.newProject || s.project !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `${s.type} is about a customer only; move "newProject"/"project" to a project step` });
    }
    if (s.status !== undefined && s.type !== 'customer_status_change') {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `"status" is the status a customer_status_change moves the customer to; ${s.type} changes no status` });
    }
  }));
export type ScenarioStep = z.infer<typeof scenarioStepSchema>;

/** A scenario file: `fixtures/scenarios/NAME.json` or `NAME.json` in a `scenarios.dirs` folder. */
export const scenarioFileSchema = lazySchema(() => z.strictObject({
  /** Lets editors validate the file; ignored. */
  $schema: z.string().optional(),
  description: z.string().min(1),
  /** Type of the customers the scenario creates, unless a step says otherwise. Unset: the world picks. */
  customerType: z.enum(CUSTOMER_TYPES).optional(),
  steps: z.array(scenarioStepSchema).min(1, 'a scenario needs at least one step'),
}));
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

