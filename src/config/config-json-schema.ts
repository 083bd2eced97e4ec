import { z } from 'zod';
import { configSchema } from './config-schema.js';

/** Where the schema is published in the package and served by a running emulator. */
export const CONFIG_SCHEMA_FILE = 'schema/config.schema.json';

/**
 * The config file's JSON Schema (draft 2020-12), generated from the one zod config schema: every
 * key, its type, bounds and default, for editors (`"$schema": "./node_modules/solarproof-mock/schema/config.schema.json"`).
 * Checks across keys (a subscription's apiKey among the accounts, ...) stay with the emulator,
 * which reports them at start.
 */
export function configJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(configSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return {
    $schema,
    $id: 'urn:solarproof-mock:config.schema.json',
    title: 'solarproof-mock configuration',
    description: 'A solarproof-mock config file (--config / SPMOCK_CONFIG). Every key is optional; flags and env vars override it.',
    ...rest,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editors; ignored by solarproof-mock.' },
      ...(rest.properties as Record<string, unknown>),
    },
  };
}
