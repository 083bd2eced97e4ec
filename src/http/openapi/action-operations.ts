import type { z } from 'zod';
import { COMMON_ACTION_RESPONSES, type ApiActionDescriptor } from './api-actions.js';
import { STATUS_TEXT } from './status-text.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';

/** `/apidata.php` answers every outcome in its envelope; `message` is one of the listed texts. */
const ACTION_STATUS_TEXT: Record<number, string> = {
  200: 'Done: `success` true',
  400: 'Refused: `success` false and `message` says why',
  405: 'The action does not take this method (see the Allow header)',
  413: 'The body is larger than api.maxBodyBytes',
  500: 'An injected api.faults.error500',
  503: 'An injected api.faults.error503',
};

/** `/apidata.php`: one operation per method, with `action` as an enum query parameter (see buildOpenApi). */
export function actionOperations(actions: readonly ApiActionDescriptor[]): Record<string, unknown> {
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
