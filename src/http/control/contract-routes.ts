import { z } from 'zod';
import { defineRoute, type ControlRoute } from './route.js';

export interface ContractRouteDeps {
  /** The OpenAPI 3.1 document of the whole emulator. */
  openapi(): unknown;
  /** The config file's JSON Schema. */
  configJsonSchema(): unknown;
}

const openapiShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });
const jsonSchemaShape = z.looseObject({ $schema: z.string(), type: z.literal('object'), properties: z.record(z.string(), z.unknown()) });

/** The machine-readable contract: the OpenAPI document and the config file's JSON Schema. */
export function contractRoutes(deps: ContractRouteDeps): ControlRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'The OpenAPI 3.1 document of the control API and /apidata.php',
      responses: { 200: { description: 'An OpenAPI 3.1 document', schema: openapiShape } },
      handle: ({ res }) => {
        res.json(deps.openapi());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/config.schema.json',
      summary: "The config file's JSON Schema (draft 2020-12)",
      responses: { 200: { description: 'A JSON Schema (draft 2020-12)', schema: jsonSchemaShape } },
      handle: ({ res }) => {
        res.json(deps.configJsonSchema());
      },
    }),
  ];
}
