/**
 * The state document's schema lives in the wire contract (`src/contract/state-document-schema.ts`):
 * `GET/PUT /_emulator/state`, `--import`, `--export-on-exit` and the data dir all read it there.
 */
export { STATE_FORMAT, STATE_VERSION, stateDocumentSchema, type StateDocument } from '../contract/state-document-schema.js';

/** `format` and `version` alone, to tell "newer" from "broken". */
export function documentVersion(doc: unknown): { format?: unknown; version?: unknown } {
  return typeof doc === 'object' && doc !== null ? (doc as { format?: unknown; version?: unknown }) : {};
}
