import { z } from 'zod';
import { lazySchema } from '../../core/lazy-schema.js';
import { customerName } from '../../world/customer-factory.js';
import { isoSeconds, sqlDateTime } from '../../world/world-clock.js';
import type { ProjectEmailSent, ProjectSmsSent } from '../../world/happening.js';
import { versionSpec, type PayloadDefinition } from '../payload-definition.js';
import { v1ProjectFields, v1ProjectValues, v2ProjectFields, v2ProjectValues } from './project-fields.js';

/** The sender of a project message: the project's sales user (the customer's assigned user). */
function sender(h: ProjectEmailSent | ProjectSmsSent): { name: string; email: string } {
  return h.customer.assignedUser;
}

/** project_email_sent: inferred in both versions. */
export const projectEmailSent = {
  type: 'project_email_sent',
  description: "A project email is sent to a customer. The world writes an installer's email about an existing project, worded for its stage (draft, published, signed).",
  versions: {
    v1: versionSpec('project_email_sent', {
      inferred: true,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        ...v1ProjectFields,
        customer_name: z.string(),
        customer_email: z.string(),
        email_subject: z.string(),
        email_body: z.string(),
        sent_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
      })),
      render: (h) => ({
        ...v1ProjectValues(h.customer, h.project),
        customer_name: customerName(h.customer),
        customer_email: h.customer.email,
        email_subject: h.email.subject,
        email_body: h.email.body,
        sent_at: sqlDateTime(h.occurredAt),
      }),
    }),
    v2: versionSpec('project_email_sent', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        ...v2ProjectFields,
        customer_email: z.string(),
        email_subject: z.string(),
        email_body: z.string(),
        sent_by_name: z.string(),
        sent_by_email: z.string(),
        sent_at: z.string().describe('ISO-8601 UTC'),
      })),
      render: (h) => ({
        ...v2ProjectValues(h.customer, h.project),
        customer_email: h.customer.email,
        email_subject: h.email.subject,
        email_body: h.email.body,
        sent_by_name: sender(h).name,
        sent_by_email: sender(h).email,
        sent_at: isoSeconds(h.occurredAt),
      }),
    }),
  },
} satisfies PayloadDefinition<'project_email_sent'>;

/** project_sms_sent: inferred in both versions. */
export const projectSmsSent = {
  type: 'project_sms_sent',
  description: "A project SMS is sent to a customer. The world writes an installer's text to the customer's mobile about an existing project.",
  versions: {
    v1: versionSpec('project_sms_sent', {
      inferred: true,
      shape: 'object',
      item: lazySchema(() => z.strictObject({
        ...v1ProjectFields,
        customer_name: z.string(),
        customer_phone: z.string().describe('the mobile the SMS went to'),
        sms_message: z.string(),
        sent_at: z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)'),
      })),
      render: (h) => ({
        ...v1ProjectValues(h.customer, h.project),
        customer_name: customerName(h.customer),
        customer_phone: h.customer.phonePrimary,
        sms_message: h.sms,
        sent_at: sqlDateTime(h.occurredAt),
      }),
    }),
    v2: versionSpec('project_sms_sent', {
      inferred: true,
      shape: 'array',
      item: lazySchema(() => z.strictObject({
        ...v2ProjectFields,
        phone_primary: z.string(),
        sms_message: z.string(),
        sent_by_name: z.string(),
        sent_at: z.string().describe('ISO-8601 UTC'),
      })),
      render: (h) => ({
        ...v2ProjectValues(h.customer, h.project),
        phone_primary: h.customer.phonePrimary,
        sms_message: h.sms,
        sent_by_name: sender(h).name,
        sent_at: isoSeconds(h.occurredAt),
      }),
    }),
  },
} satisfies PayloadDefinition<'project_sms_sent'>;
