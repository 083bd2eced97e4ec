import type { z } from 'zod';
import * as answers from '../../contract/answer-schemas.js';
import * as deliveries from '../../contract/delivery-schemas.js';
import { routeIndex } from '../../contract/routes.js';
import type { RouteResponse, RouteSpec } from '../../contract/route.js';
import { actionOperations } from './action-operations.js';
import { STATUS_TEXT } from './status-text.js';
import type { ApiActionDescriptor } from './api-actions.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';

export type { JsonSchema };

export interface OpenApiSources {
  /** The control API's route table (the contract's ROUTE_LIST), paths relative to /_emulator. */
  routes: readonly RouteSpec[];
  /** The `/apidata.php` actions (SOLARPROOF_WEBHOOK_ACTIONS, plus any others). */
  actions: readonly ApiActionDescriptor[];
  /** The package version, for `info.version`. */
  version: string;
}

/** Response schemas that get a name under components.schemas (client generators name their types after these). */
const views = { ...answers, ...deliveries };
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

const PROBLEM = 'application/problem+json';

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
        summary: routeIndex.summary,
        tags: ['core'],
        responses: { 200: { description: 'OK', content: { 'application/json': { schema: schemaOf(routeIndex.responses[200], 'output') } } } },
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

function routeOperation(route: RouteSpec, schemaOf: (s: z.ZodType, io: 'input' | 'output') => JsonSchema): Record<string, unknown> {
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
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = responseObject(Number(status), spec, schemaOf);
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
