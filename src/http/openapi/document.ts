import { ROUTE_LIST } from '../../contract/routes.js';
import { VERSION } from '../../core/version.js';
import type { ApiActionDescriptor } from './api-actions.js';
import { allApiActions } from './data-action-descriptors.js';
import { buildOpenApi, type JsonSchema } from './build-openapi.js';

/** Where the document is published in the package (and served at GET /_emulator/openapi.json). */
export const OPENAPI_FILE = 'schema/openapi.json';

/** The emulator's OpenAPI document, from the contract's route table alone: no emulator, no handlers (scripts/make-docs.ts, tests). */
export function openApiDocument(actions: readonly ApiActionDescriptor[] = allApiActions()): JsonSchema {
  return buildOpenApi({ routes: ROUTE_LIST, actions, version: VERSION });
}
