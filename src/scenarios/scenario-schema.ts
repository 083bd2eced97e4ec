export { scenarioFileSchema, scenarioStepSchema, type ScenarioFile, type ScenarioStep } from '../contract/scenario-file-schema.js';
import type { ScenarioFile } from '../contract/scenario-file-schema.js';

export interface Scenario extends ScenarioFile {
  name: string;
  /** `built-in`, or the path of the user's file. */
  source: string;
}

/** Scenario names are file names: lowercase words joined by dashes (`residential-journey`). */
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
