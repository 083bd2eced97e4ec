import { describe, expect, it } from 'vitest';
import { scenarioFileSchema as contractScenario } from '../../src/contract/scenario-file-schema.js';
import { stateDocumentSchema as contractState } from '../../src/contract/state-document-schema.js';
import { triggerBodySchema as contractTrigger } from '../../src/contract/request-schemas.js';
import { scenarioFileSchema } from '../../src/scenarios/scenario-schema.js';
import { stateDocumentSchema } from '../../src/state/state-document.js';
import { triggerBodySchema } from '../../src/events/trigger-request.js';

// The contract holds these wire schemas and their old folders re-export them: one schema each.
describe('wire schemas the contract took over', () => {
  it.each([
    ['the scenario file', contractScenario, scenarioFileSchema],
    ['the state document', contractState, stateDocumentSchema],
    ['the trigger body', contractTrigger, triggerBodySchema],
  ] as const)('%s is the contract\'s own schema, not a copy', (_name, ours, theirs) => {
    expect(theirs).toBe(ours);
  });
});

describe('the client', () => {
  it('imports only the contract and core (type-only imports count)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../src/client/', import.meta.url);
    const outside = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => `${f}: ${m[1]}`))
      .filter((line) => !/: \.\.\/(contract|core)\//.test(line));
    expect(outside).toEqual([]);
  });
});
