import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as JSON Schema draft 2020-12, the dialect of OpenAPI 3.1 (`$schema` dropped: the
 * document's `jsonSchemaDialect` says it). `input` describes what a client may send (defaults
 * make a field optional), `output` what the emulator answers (every defaulted field present).
 * What JSON Schema cannot say (a refinement across fields, a custom check) is left to the
 * server's own answer; such parts read as "any value" rather than failing the document.
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}
