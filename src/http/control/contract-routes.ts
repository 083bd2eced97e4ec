import { routes } from '../../contract/routes.js';
import { bind, type ControlRoute } from './route.js';

export interface ContractRouteDeps {
  /** The OpenAPI 3.1 document of the whole emulator. */
  openapi(): unknown;
  /** The config file's JSON Schema. */
  configJsonSchema(): unknown;
}

/** The machine-readable contract: the OpenAPI document and the config file's JSON Schema. */
export function contractRoutes(deps: ContractRouteDeps): ControlRoute[] {
  return [
    bind(routes.openapi, ({ res }) => {
      res.json(deps.openapi());
    }),
    bind(routes.configSchema, ({ res }) => {
      res.json(deps.configJsonSchema());
    }),
  ];
}
