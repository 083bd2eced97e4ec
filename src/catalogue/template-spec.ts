import { EmulatorError } from '../core/errors.js';
import { z } from 'zod';
import { customerName, formatAddress } from '../world/customer-factory.js';
import { CUSTOMER_STATUSES, CUSTOMER_TYPE_IDS } from '../core/customer-types.js';
import { isoSeconds, sqlDateTime } from '../world/world-clock.js';
import { happeningProject, type Happening } from '../world/happening.js';
import type { VersionSpec } from './payload-definition.js';
import type { RawTemplate } from './template-file.js';

type Ctx = Record<string, unknown>;
type Compiled = (ctx: Ctx) => unknown;

const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const PART = /\{\{\s*([\w.]+)\s*\}\}/g;
const ROOTS = ['payload', 'customer', 'user', 'project', 'account', 'event'] as const;

/** A path that named nothing when the template was tried on a sample event. */
export class TemplatePathError extends EmulatorError {
  constructor(message: string) {
    super('INVALID_FILE', message);
    this.name = 'TemplatePathError';
  }
}

function lookup(ctx: Ctx, path: string): unknown {
  let v: unknown = ctx;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Ctx)[key];
  }
  return v;
}

function resolve(ctx: Ctx, path: string): unknown {
  const v = lookup(ctx, path);
  if (v === undefined) throw new TemplatePathError(`{{${path}}} names nothing for this event`);
  return v;
}

/** Compiles a template value once, so rendering an event is only lookups and copies. */
export function compile(value: unknown, where: string): Compiled {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    const checkRoot = (path: string): void => {
      if (!(ROOTS as readonly string[]).includes(path.split('.')[0]!)) {
        throw new EmulatorError('INVALID_FILE', `${where}: {{${path}}} must start with one of ${ROOTS.join(', ')}`);
      }
    };
    if (whole) {
      checkRoot(whole[1]!);
      return (ctx) => resolve(ctx, whole[1]!);
    }
    const paths = [...value.matchAll(PART)].map((m) => m[1]!);
    if (paths.length === 0) return () => value;
    paths.forEach(checkRoot);
    return (ctx) => value.replace(PART, (_m, p: string) => String(resolve(ctx, p)));
  }
  if (Array.isArray(value)) {
    const parts = value.map((v, i) => compile(v, `${where}[${i}]`));
    return (ctx) => parts.map((p) => p(ctx));
  }
  if (typeof value === 'object' && value !== null) {
    const parts = Object.entries(value).map(([k, v]) => [k, compile(v, `${where}.${k}`)] as const);
    return (ctx) => Object.fromEntries(parts.map(([k, p]) => [k, p(ctx)]));
  }
  return () => value;
}

/** What `{{...}}` placeholders can name (documented in the README). */
export function templateContext(h: Happening, payload: Record<string, unknown>): Ctx {
  const c = h.customer;
  const p = happeningProject(h);
  const previousStatus = h.type === 'customer_status_change' ? h.previousStatus : undefined;
  return {
    payload,
    customer: {
      ...c,
      name: customerName(c),
      typeId: CUSTOMER_TYPE_IDS[c.type],
      statusName: CUSTOMER_STATUSES[c.status],
      previousStatus,
      previousStatusName: previousStatus === undefined ? undefined : CUSTOMER_STATUSES[previousStatus],
      siteAddress: formatAddress(c.address),
      createdAt: isoSeconds(c.createdAt),
    },
    user: c.assignedUser,
    project: p && {
      ...p,
      ...p.design,
      ...p.site,
      createdAt: sqlDateTime(p.createdAt),
      updatedAt: sqlDateTime(p.updatedAt),
      signedAt: p.signedAt === null ? '0000-00-00' : sqlDateTime(p.signedAt),
      publishedAt: p.publishedAt === null ? null : isoSeconds(p.publishedAt),
    },
    account: h.account,
    event: {
      type: h.type,
      occurredAt: isoSeconds(h.occurredAt),
      occurredAtSql: sqlDateTime(h.occurredAt),
      emailSubject: h.type === 'project_email_sent' ? h.email.subject : undefined,
      emailBody: h.type === 'project_email_sent' ? h.email.body : undefined,
      smsMessage: h.type === 'project_sms_sent' ? h.sms : undefined,
    },
  };
}

/** A schema from a sample value's types: what overrides of a templated payload are checked against (unknown keys refused at every depth). */
function schemaOf(v: unknown): z.ZodType {
  if (typeof v === 'string') return z.string();
  if (typeof v === 'number') return z.number();
  if (typeof v === 'boolean') return z.boolean();
  if (v === null) return z.null();
  if (Array.isArray(v)) return z.array(z.unknown());
  return z.strictObject(Object.fromEntries(Object.entries(v as Ctx).map(([k, x]) => [k, schemaOf(x)])));
}

/**
 * Turns a user template into a VersionSpec. `sample` is a happening of the same type from a
 * sandbox world: rendering it proves every placeholder names something and gives the schema.
 */
export function templateSpec(label: string, raw: RawTemplate, builtIn: VersionSpec | undefined, sample: Happening): VersionSpec {
  const compiled = compile(raw.fields, label);
  const render = (h: Happening): Record<string, unknown> =>
    compiled(templateContext(h, builtIn ? builtIn.render(h) : {})) as Record<string, unknown>;
  let example: Record<string, unknown>;
  try {
    example = render(sample);
  } catch (err) {
    if (err instanceof TemplatePathError) throw new EmulatorError('INVALID_FILE', `world.templatesFile ${label}: ${err.message}. See the README for the names a template can use.`);
    throw err;
  }
  return {
    inferred: true,
    shape: raw.shape,
    item: z.strictObject(Object.fromEntries(Object.entries(example).map(([k, v]) => [k, schemaOf(v)]))),
    render,
  };
}
