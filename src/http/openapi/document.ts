import { VERSION } from '../../core/version.js';
import { controlRoutes, type ControlApiDeps } from '../control-api.js';
import type { ApiActionDescriptor } from './api-actions.js';
import { ALL_API_ACTIONS } from './data-action-descriptors.js';
import { buildOpenApi, type JsonSchema } from './build-openapi.js';

/** Where the document is published in the package (and served at GET /_emulator/openapi.json). */
export const OPENAPI_FILE = 'schema/openapi.json';

/**
 * The route table as documentation sees it: built with deps that are never called (routes only
 * call their deps when they handle a request), so no emulator is needed.
 */
function documentedRoutes() {
  const unused = new Proxy({} as ControlApiDeps, {
    get: (_t, key) => {
      if (key === 'maxBodyBytes') return 0;
      throw new Error(`the documentation route table called deps.${String(key)}`);
    },
  });
  return controlRoutes(unused);
}

/** The emulator's OpenAPI document, without a running emulator (scripts/make-docs.ts, tests). */
export function openApiDocument(actions: readonly ApiActionDescriptor[] = ALL_API_ACTIONS): JsonSchema {
  return buildOpenApi({ routes: documentedRoutes(), actions, version: VERSION });
}
