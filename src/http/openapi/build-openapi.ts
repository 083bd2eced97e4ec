import type { z } from 'zod';
import type { ControlRoute, RouteResponse } from '../control/route.js';
import * as views from '../control/response-schemas.js';
import { COMMON_ACTION_RESPONSES, type ApiActionDescriptor } from './api-actions.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';

export type { JsonSchema };

export interface OpenApiSources {
  /** The control route table (`controlRoutes`), paths relative to /_emulator. */
  routes: readonly ControlRoute[];
  /** The `/apidata.php` actions (SOLARPROOF_WEBHOOK_ACTIONS, plus any others). */
  actions: readonly ApiActionDescriptor[];
  /** The package version, for `info.version`. */
  version: string;
}

/** Response schemas that get a name under components.schemas (client generators name their types after these). */
const NAMED: ReadonlyArray<[string, z.ZodType]> = [
  ['RouteIndex', views.routeIndexSchema],
  ['Health', views.healthSchema],
  ['Subscription', views.subscriptionSchema],
  ['SubscriptionList', views.subscriptionListSchema],
  ['Config', views.configViewSchema],
  ['ResetResult', views.resetSchema],
  ['EventTypeInfo', views.eventTypeInfoSchema],
  ['EventTypes', views.eventTypesSchema],
  ['TriggerResult', views.triggerResultSchema],
  ['Delivery', views.deliveryViewSchema],
  ['DeliveryList', views.deliveryListSchema],
  ['DeliveryChange', views.deliveryChangeSchema],
  ['Stats', views.statsSchema],
  ['Schedule', views.scheduleViewSchema],
  ['ScheduleList', views.scheduleListSchema],
  ['ScenarioSummary', views.scenarioSummarySchema],
  ['ScenarioList', views.scenarioListSchema],
  ['Scenario', views.scenarioSchema],
  ['ScenarioRun', views.scenarioRunViewSchema],
  ['ScenarioRunList', views.scenarioRunListSchema],
  ['Problem', views.problemSchema],
];

const TAGS: Record<string, string> = {
  health: 'core',
  subscriptions: 'core',
  config: 'core',
  reset: 'core',
  'event-types': 'events',
  events: 'events',
  deliveries: 'deliveries',
  stats: 'deliveries',
  stream: 'deliveries',
  schedules: 'schedules',
  scenarios: 'scenarios',
  'scenario-runs': 'scenarios',
  'openapi.json': 'contract',
  'config.schema.json': 'contract',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'The request cannot be honoured as sent (the problem names the field)',
  404: 'Nothing has that name or id',
  405: 'Method not allowed',
  409: 'The state does not allow it',
  413: 'The body is larger than api.maxBodyBytes',
  500: 'Internal server error',
  503: 'Service temporarily unavailable',
};

const PROBLEM = 'application/problem+json';

/** `/apidata.php` answers every outcome in its envelope; `message` is one of the listed texts. */
const ACTION_STATUS_TEXT: Record<number, string> = {
  200: 'Done: `success` true',
  400: 'Refused: `success` false and `message` says why',
  405: 'The action does not take this method (see the Allow header)',
  413: 'The body is larger than api.maxBodyBytes',
  500: 'An injected api.faults.error500',
  503: 'An injected api.faults.error503',
};

/**
 * The OpenAPI 3.1 document of the whole emulator, generated from the route table and the
 * `/apidata.php` action table: every request and answer schema comes from the zod schemas the
 * server itself parses with or answers by (JSON Schema draft 2020-12, OpenAPI 3.1's dialect).
 *
 * `/apidata.php` is one path whose operation is chosen by `?action=`. OpenAPI keys operations by
 * path and method only, so it is one operation per method with `action` as an enum query
 * parameter and an `anyOf` body (one branch per action); `x-solarproof-actions` lists each action
 * with its own body and answers (see docs/control-api.md for why not pseudo-paths).
 */
export function buildOpenApi(sources: OpenApiSources): JsonSchema {
  const refs = new Map(NAMED.map(([name, schema]) => [schema, name]));
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const name = io === 'output' ? refs.get(schema) : undefined;
    return name ? { $ref: `#/components/schemas/${name}` } : toJsonSchema(schema, io);
  };
  const paths: Record<string, Record<string, unknown>> = {
    // Served by controlApi beside the table: the table itself, as a list.
    '/_emulator': {
      get: {
        operationId: 'getRouteIndex',
        summary: 'Every control route: method, path and summary',
        tags: ['core'],
        responses: { 200: { description: 'OK', content: { 'application/json': { schema: schemaOf(views.routeIndexSchema, 'output') } } } },
      },
    },
  };
  for (const route of sources.routes) {
    const path = `/_emulator${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.method] = routeOperation(route, schemaOf);
  }
  if (sources.actions.length > 0) paths['/apidata.php'] = actionOperations(sources.actions);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'solarproof-mock',
      version: sources.version,
      summary: "A local emulator of Solar Proof's webhook API, with a control API under /_emulator.",
      description:
        'The emulated Solar Proof API is `/apidata.php?action=...&api_key=...`, answering with Solar Proof\'s `{"success","message"}` envelope. ' +
        'Everything under `/_emulator` is the emulator\'s own control API; its errors are RFC 9457 problem+json with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:4477', description: 'Default local emulator' }],
    tags: [
      { name: 'solarproof', description: 'The emulated Solar Proof API (/apidata.php)' },
      { name: 'core', description: 'Health, subscriptions, configuration, reset' },
      { name: 'events', description: 'The event catalogue and triggering events' },
      { name: 'deliveries', description: 'The delivery journal, redelivery, stats and the live stream' },
      { name: 'schedules', description: 'Events over time' },
      { name: 'scenarios', description: 'Named flows of events' },
      { name: 'contract', description: 'This document and the config file schema' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(NAMED.map(([name, schema]) => [name, toJsonSchema(schema, 'output')])),
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'query', name: 'api_key', description: "An account's API key (`sp_test_key` by default)" },
      },
    },
  };
}

function routeOperation(route: ControlRoute, schemaOf: (s: z.ZodType, io: 'input' | 'output') => JsonSchema): Record<string, unknown> {
  const pathParams = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const parameters: unknown[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (route.query) {
    const query = toJsonSchema(route.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(description !== undefined ? { description } : {}),
        schema: rest,
        ...('anyOf' in rest ? { style: 'form', explode: true } : {}),
      });
    }
  }
  const op: Record<string, unknown> = {
    operationId: operationId(route.method, route.path),
    summary: route.summary,
    tags: [TAGS[route.path.split('/')[1] ?? ''] ?? 'core'],
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) {
    const body = toJsonSchema(route.body, 'input');
    const required = Array.isArray(body.required) && body.required.length > 0;
    op.requestBody = { required, content: { 'application/json': { schema: body } } };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses ?? {})) responses[status] = responseObject(Number(status), spec, schemaOf);
  const problem = (status: number): unknown => ({ description: STATUS_TEXT[status], content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } } });
  if ((route.body || route.query) && !responses['400']) responses['400'] = problem(400);
  if (pathParams.length > 0 && !responses['404']) responses['404'] = problem(404);
  if (route.body && !responses['413']) responses['413'] = problem(413);
  responses.default = { description: 'Any other error, as problem+json', content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } } };
  op.responses = responses;
  return op;
}

function responseObject(status: number, spec: RouteResponse, schemaOf: (s: z.ZodType, io: 'input' | 'output') => JsonSchema): unknown {
  const described = 'description' in spec && typeof spec.description === 'string' && !('safeParse' in spec) ? (spec as Exclude<RouteResponse, z.ZodType>) : undefined;
  const schema = described ? described.schema : (spec as z.ZodType);
  const contentType = described?.contentType ?? (schema === views.problemSchema ? PROBLEM : 'application/json');
  return {
    description: described?.description ?? STATUS_TEXT[status] ?? 'Answer',
    ...(schema ? { content: { [contentType]: { schema: schemaOf(schema, 'output') } } } : {}),
  };
}

/** `get /deliveries/:id/redeliver` -> `getDeliveriesByIdRedeliver`. */
export function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `by-${seg.slice(1)}` : seg))
    .flatMap((seg) => seg.split(/[-_.]/))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method + words.join('');
}

function actionOperations(actions: readonly ApiActionDescriptor[]): Record<string, unknown> {
  const methods = [...new Set(actions.flatMap((a) => a.methods))];
  const operations: Record<string, unknown> = {};
  for (const method of methods) {
    const these = actions.filter((a) => a.methods.includes(method));
    const parameters: unknown[] = [
      {
        name: 'action',
        in: 'query',
        required: true,
        description: 'Which operation: ' + these.map((a) => `\`${a.action}\` (${a.summary})`).join('; '),
        schema: { type: 'string', enum: these.map((a) => a.action) },
      },
    ];
    const seen = new Set<string>();
    for (const a of these) {
      const props = a.query ? ((toJsonSchema(a.query, 'input').properties as Record<string, JsonSchema> | undefined) ?? {}) : {};
      for (const [name, schema] of Object.entries(props)) {
        if (seen.has(name)) continue;
        seen.add(name);
        const users = these.filter((b) => b.query && name in b.query.shape).map((b) => b.action);
        parameters.push({ name, in: 'query', required: false, description: `Read by ${users.join(', ')}`, schema });
      }
    }
    const bodies = these.filter((a) => a.body).map((a) => ({ title: `${a.action} body`, ...toJsonSchema(a.body!, 'input') }));
    const statuses = new Set<number>();
    for (const a of these) for (const s of Object.keys(a.responses)) statuses.add(Number(s));
    for (const s of Object.keys(COMMON_ACTION_RESPONSES)) statuses.add(Number(s));
    const responses: Record<string, unknown> = {};
    for (const status of [...statuses].sort((x, y) => x - y)) {
      const schemas = [...these.map((a) => a.responses[status]), COMMON_ACTION_RESPONSES[status]]
        .filter((s): s is z.ZodType => s !== undefined)
        .map((s) => toJsonSchema(s, 'output'));
      responses[String(status)] = { description: ACTION_STATUS_TEXT[status] ?? STATUS_TEXT[status] ?? 'Answer', content: { 'application/json': { schema: mergeEnvelopes(schemas) } } };
    }
    operations[method] = {
      operationId: `apidata${method.charAt(0).toUpperCase()}${method.slice(1)}`,
      summary: `Solar Proof API (${these.map((a) => a.action).join(', ')})`,
      description: 'One path for every action, chosen by `?action=`; the account by `?api_key=`. See `x-solarproof-actions` for each action alone.',
      tags: ['solarproof'],
      security: [{ apiKey: [] }],
      parameters,
      ...(bodies.length > 0
        ? { requestBody: { required: true, content: { 'application/json': { schema: bodies.length === 1 ? bodies[0] : { anyOf: bodies } } } } }
        : {}),
      responses,
      'x-solarproof-actions': these.map((a) => ({
        action: a.action,
        summary: a.summary,
        ...(a.description ? { description: a.description } : {}),
        ...(a.body ? { body: toJsonSchema(a.body, 'input') } : {}),
        responses: Object.fromEntries(Object.entries(a.responses).map(([s, schema]) => [s, toJsonSchema(schema, 'output')])),
      })),
    };
  }
  return operations;
}

/** Envelopes with the same `success` become one with every message in its enum; anything else stays an anyOf. */
function mergeEnvelopes(schemas: JsonSchema[]): JsonSchema {
  const envelope = (s: JsonSchema): { success: unknown; messages: string[] } | undefined => {
    const props = s.properties as Record<string, JsonSchema> | undefined;
    const messages = props?.message?.enum;
    return props?.success && Array.isArray(messages) && Object.keys(props).length === 2 ? { success: props.success.const, messages: messages as string[] } : undefined;
  };
  const all = schemas.map(envelope);
  if (schemas.length > 1 && all.every((e) => e !== undefined && e.success === all[0]!.success)) {
    const messages = [...new Set(all.flatMap((e) => e!.messages))];
    const merged = structuredClone(schemas[0]!);
    ((merged.properties as Record<string, JsonSchema>).message as JsonSchema).enum = messages;
    return merged;
  }
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}
