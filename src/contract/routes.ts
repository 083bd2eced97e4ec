import { z } from 'zod';
import { stateDocumentSchema } from './state-document-schema.js';
import * as a from './answer-schemas.js';
import { accountListSchema, accountRevokedSchema, accountViewSchema, addAccountBodySchema } from './account-schemas.js';
import { checkReportSchema, checkRequestSchema, checkStartedSchema } from './check-schemas.js';
import * as d from './delivery-schemas.js';
import { deliveryListQuery, deliveryStreamQuery } from './delivery-query.js';
import { configPatchSchema, runScenarioBodySchema, scheduleSpecSchema, subscriptionQuery, triggerBodySchema } from './request-schemas.js';
import { route } from './route.js';
import { worldCustomersQuery, worldCustomersSchema, worldProjectsQuery, worldProjectsSchema } from './world-schemas.js';

/**
 * The control API (`/_emulator/*`) as one table of data: method, path, summary, schemas. The
 * server binds a handler to each entry (src/http/control), the client calls them
 * (src/client), and the OpenAPI document, the reference docs and the dashboard's
 * ui/js/contract.js are generated from it. The order is the route index's order.
 */
export const routes = {
  health: route({ method: 'get', path: '/health', summary: 'Liveness: {"status":"ok","version"}', responses: { 200: a.healthSchema } }),
  listSubscriptions: route({ method: 'get', path: '/subscriptions', summary: 'Every subscription: filters apiKey, hookUrl, type', query: subscriptionQuery, responses: { 200: a.subscriptionListSchema } }),
  getConfig: route({ method: 'get', path: '/config', summary: 'The runtime configuration', responses: { 200: a.configViewSchema } }),
  patchConfig: route({ method: 'patch', path: '/config', summary: 'Change the runtime configuration (JSON merge patch)', body: configPatchSchema, responses: { 200: a.configViewSchema } }),
  reset: route({ method: 'post', path: '/reset', summary: 'Back to the start state (same seed)', responses: { 200: a.resetSchema } }),
  eventTypes: route({
    method: 'get',
    path: '/event-types',
    summary: 'The catalogue: per type its description, payload version, JSON Schema and an example',
    responses: { 200: a.eventTypesSchema },
  }),
  trigger: route({
    method: 'post',
    path: '/events',
    summary: 'Trigger: {"type","count"?,"overrides"?,"apiKey"?,"subject"?} -> {"events","deliveries"}',
    body: triggerBodySchema,
    responses: { 200: a.triggerResultSchema },
  }),
  listDeliveries: route({
    method: 'get',
    path: '/deliveries',
    summary: 'The journal: filters type, hookUrl, state, eventId, id, apiKey; limit, order; wait=<ms>&min=<n> long-polls; format=har answers HAR 1.2',
    query: deliveryListQuery,
    responses: { 200: d.deliveryListSchema },
  }),
  getDelivery: route({ method: 'get', path: '/deliveries/:id', summary: 'One delivery with every attempt', responses: { 200: d.deliveryViewSchema } }),
  redeliver: route({
    method: 'post',
    path: '/deliveries/:id/redeliver',
    summary: 'Send a delivery again, as a new delivery (redeliveryOf names the original)',
    responses: { 201: d.deliveryViewSchema },
  }),
  stats: route({ method: 'get', path: '/stats', summary: 'Delivery counts by state, attempts by outcome, in flight, journal size', responses: { 200: d.statsSchema } }),
  metrics: route({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text format 0.0.4): deliveries by state and type, attempts by outcome, attempt durations, pending and in-flight gauges, triggers waiting, logs dropped, process metrics',
    responses: { 200: { description: d.metricsDescription, schema: d.metricsTextSchema, contentType: 'text/plain; version=0.0.4' } },
  }),
  stream: route({
    method: 'get',
    path: '/stream',
    summary: 'Server-Sent Events: every delivery change (same filters as /deliveries; payload=true adds payloads; change=settled and fields=id,state for a lighter stream)',
    query: deliveryStreamQuery,
    responses: { 200: { description: d.streamDescription, schema: d.deliveryChangeSchema, contentType: 'text/event-stream' } },
  }),
  listSchedules: route({ method: 'get', path: '/schedules', summary: 'Every schedule with its state, next run time and emitted count', responses: { 200: a.scheduleListSchema } }),
  createSchedule: route({
    method: 'post',
    path: '/schedules',
    summary: 'Start a schedule: {"type"|"types", "everyMs"|"ratePerMinute"|"cron", "count"?, "until"?, "apiKey"?, "overrides"?}',
    body: scheduleSpecSchema,
    responses: { 201: a.scheduleViewSchema },
  }),
  getSchedule: route({ method: 'get', path: '/schedules/:id', summary: 'One schedule', responses: { 200: a.scheduleViewSchema } }),
  deleteSchedule: route({ method: 'delete', path: '/schedules/:id', summary: 'Stop a schedule at once and remove it; answers its final state', responses: { 200: a.scheduleViewSchema } }),
  listScenarios: route({ method: 'get', path: '/scenarios', summary: 'Every scenario (built-in and user files): name, description, steps', responses: { 200: a.scenarioListSchema } }),
  getScenario: route({ method: 'get', path: '/scenarios/:name', summary: 'One scenario with all its steps', responses: { 200: a.scenarioSchema } }),
  runScenario: route({
    method: 'post',
    path: '/scenarios/:name',
    summary: 'Run a scenario: {"apiKey"?, "wait"?: true}; waits for the end unless wait is false (then 202)',
    body: runScenarioBodySchema,
    responses: { 200: a.scenarioRunViewSchema, 202: { description: 'Started (wait false): the run so far; follow it at the Location.', schema: a.scenarioRunViewSchema } },
  }),
  listScenarioRuns: route({ method: 'get', path: '/scenario-runs', summary: 'Recent scenario runs (the last 100) with their state, events and deliveries', responses: { 200: a.scenarioRunListSchema } }),
  getScenarioRun: route({ method: 'get', path: '/scenario-runs/:id', summary: 'One scenario run', responses: { 200: a.scenarioRunViewSchema } }),
  startCheck: route({
    method: 'post',
    path: '/checks',
    summary: 'Check a receiver (docs/check.md): {"forwardTo","types"?,"versions"?,"seed"?,"timeoutMs"?} -> 202 {"id","state":"running"}',
    body: checkRequestSchema,
    responses: { 202: { description: 'Started: follow the report at the Location (GET /_emulator/checks/:id).', schema: checkStartedSchema } },
  }),
  getCheck: route({ method: 'get', path: '/checks/:id', summary: "A receiver check's report: its state, every case with its reason, deliveries and callbacks, the summary", responses: { 200: checkReportSchema } }),
  getCheckJunit: route({
    method: 'get',
    path: '/checks/:id/junit',
    summary: "A receiver check's report as JUnit XML: one <testcase> per case, <failure message> with the reason",
    responses: { 200: { description: 'JUnit XML (one testsuite, one testcase per case)', schema: z.string(), contentType: 'application/xml' } },
  }),
  worldCustomers: route({
    method: 'get',
    path: '/world/customers',
    summary: "The world's customers: filters apiKey, customerId, email, statusId, type",
    query: worldCustomersQuery,
    responses: { 200: worldCustomersSchema },
  }),
  worldProjects: route({
    method: 'get',
    path: '/world/projects',
    summary: "The world's projects: filters apiKey, customerId, projectId, isDraft, proposalStatus",
    query: worldProjectsQuery,
    responses: { 200: worldProjectsSchema },
  }),
  listAccounts: route({ method: 'get', path: '/accounts', summary: 'Every API key in force with its account (origin config or api)', responses: { 200: accountListSchema } }),
  addAccount: route({
    method: 'post',
    path: '/accounts',
    summary: 'Add an API key at run time: {"apiKey","userId"?,"userName"?,"userEmail"?,"companyName"?,"companyId"?} -> 201 the account (its own world, no customers yet; dropped by reset)',
    body: addAccountBodySchema,
    responses: { 201: accountViewSchema },
  }),
  revokeAccount: route({
    method: 'delete',
    path: '/accounts/:apiKey',
    summary: "Revoke an API key: both surfaces answer 'Invalid API key', its subscriptions are removed (pending deliveries cancelled, reason revoked) and its world dropped",
    responses: { 200: accountRevokedSchema },
  }),
  getState: route({
    method: 'get',
    path: '/state',
    summary: 'The whole state (subscriptions, world, journal, pending deliveries, schedules, config) as one versioned JSON document, with an ETag',
    responses: { 200: stateDocumentSchema },
  }),
  putState: route({
    method: 'put',
    path: '/state',
    summary: 'Replace the whole state with a document from GET /_emulator/state (an invalid one changes nothing; If-Match: its ETag, 412 STATE_CHANGED when the state changed since; body up to api.maxStateBytes)',
    body: stateDocumentSchema,
    responses: { 200: a.stateImportedSchema },
  }),
  openapi: route({
    method: 'get',
    path: '/openapi.json',
    summary: 'The OpenAPI 3.1 document of the control API and /apidata.php',
    responses: { 200: { description: 'An OpenAPI 3.1 document', schema: a.openapiShape } },
  }),
  configSchema: route({
    method: 'get',
    path: '/config.schema.json',
    summary: "The config file's JSON Schema (draft 2020-12)",
    responses: { 200: { description: 'A JSON Schema (draft 2020-12)', schema: a.jsonSchemaShape } },
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** `GET /_emulator` itself: served beside the table (it lists the table). */
export const routeIndex = route({ method: 'get', path: '', summary: 'Every control route: method, path and summary', responses: { 200: a.routeIndexSchema } });

/** The table in order. */
export const ROUTE_LIST = Object.values(routes);
