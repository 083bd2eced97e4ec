import type { VersionSpec } from './payload-definition.js';

/** `type:version` -> a function that builds the replacing spec from the built-in one (if any). */
export type TemplateSet = Map<string, (builtIn: VersionSpec | undefined) => VersionSpec>;

/** Reads `world.templatesFile`. (Placeholder until templates land: no templates.) */
export function loadTemplates(_path: string): TemplateSet {
  return new Map();
}
